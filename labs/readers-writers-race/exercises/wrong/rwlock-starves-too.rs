//! A wrong fix of `readers-writers-no-starve`: a read-write lock. It is safe, but it promises
//! nothing about who goes first, and readers can keep the writer out as long as the lightswitch
//! did.

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            library.writer_waits(cx);
            let _writing = library.rwlock.write(cx);
            library.write(cx);
        }
        Role::Reader => {
            let _reading = library.rwlock.read(cx);
            library.read(cx);
        }
    }
}
