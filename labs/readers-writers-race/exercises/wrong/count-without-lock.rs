//! A wrong fix of `readers-writers`: the lightswitch with the readers' count loaded and stored
//! with no lock. Two readers can both see themselves as the first (and the second waits for the
//! room the first holds) or both as the last.

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            library.writer_waits(cx);
            library.room.acquire(cx);
            library.write(cx);
            library.room.release(cx);
        }
        Role::Reader => {
            let readers = library.readers.load(cx) + 1;
            library.readers.store(cx, readers);
            if readers == 1 {
                library.room.acquire(cx);
            }
            library.read(cx);
            let readers = library.readers.load(cx) - 1;
            library.readers.store(cx, readers);
            if readers == 0 {
                library.room.release(cx);
            }
        }
    }
}
