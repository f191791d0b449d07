//! A wrong fix of `readers-writers-rwlock`: the writer takes a read guard too. Read guards
//! share, so a reader can still read between the writer's two stores.

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    let _reading = library.rwlock.read(cx);
    match role {
        Role::Writer => library.write(cx),
        Role::Reader => library.read(cx),
    }
}
