//! Exercise `readers-writers-no-starve`: the lightswitch below is safe, but while readers keep
//! coming the writer waits for ever. Make sure that once the writer waits for the room, the
//! reader gets in at most once before it (one reader, three reads).
//!
//! Check your fix with `racelab exercise check readers-writers-no-starve`; stuck? `racelab
//! exercise hint readers-writers-no-starve`.
//!
//! What you can use (everything takes `cx`, so that racelab can show what each thread did):
//! - `library.read(cx)`, `library.write(cx)`: read or write the pair (once you are in);
//!   `library.writer_waits(cx)`: the writer marks that it starts to wait for the room (call it
//!   just before `room.acquire`);
//! - `library.room`: a semaphore of one permit (`acquire(cx)`, `release(cx)`);
//!   `library.readers`: a cell counting the readers inside, guarded by `library.readers_lock`;
//!   `library.turnstile`: a FIFO semaphore of one permit; `library.rwlock`: a read-write lock (`read(cx)`, `write(cx)`).

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    // TODO: while readers overlap the room never comes free, and the writer waits for it.
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
