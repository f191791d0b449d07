//! Reference solution of `readers-writers-no-starve`: a turnstile before the lightswitch. Every
//! reader passes it; the writer takes it and keeps it while it waits for the room, so only the
//! readers already through can get in before it. The turnstile is a FIFO semaphore, so the
//! writer waiting for it is not passed by readers that come back faster.

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            library.turnstile.acquire(cx);
            library.writer_waits(cx);
            library.room.acquire(cx);
            library.write(cx);
            library.turnstile.release(cx);
            library.room.release(cx);
        }
        Role::Reader => {
            library.turnstile.acquire(cx);
            library.turnstile.release(cx);
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
