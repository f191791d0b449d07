//! Reference solution of `readers-writers-rwlock`: the writer holds a write guard, each reader
//! a read guard, each to the end of its scope.

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            let _writing = library.rwlock.write(cx);
            library.write(cx);
        }
        Role::Reader => {
            let _reading = library.rwlock.read(cx);
            library.read(cx);
        }
    }
}
