//! Reference solution of `readers-writers`: a lightswitch. The readers' count under its own
//! lock; the first reader in takes the room, the last out gives it back; the writer takes the
//! room for itself.

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
            let guard = library.readers_lock.lock(cx);
            let readers = library.readers.load(cx) + 1;
            library.readers.store(cx, readers);
            if readers == 1 {
                library.room.acquire(cx);
            }
            drop(guard);
            library.read(cx);
            let guard = library.readers_lock.lock(cx);
            let readers = library.readers.load(cx) - 1;
            library.readers.store(cx, readers);
            if readers == 0 {
                library.room.release(cx);
            }
            drop(guard);
        }
    }
}
