//! Exercise `readers-writers-rwlock`: the same pair, guarded this time by `library.rwlock`, a
//! read-write lock shaped like std's.
//!
//! Check your fix with `racelab exercise check readers-writers-rwlock`; stuck? `racelab exercise
//! hint readers-writers-rwlock`.
//!
//! What you can use (everything takes `cx`, so that racelab can show what each thread did):
//! - `library.read(cx)`, `library.write(cx)`: read or write the pair (once you are in);
//!   `library.writer_waits(cx)`: the writer marks that it starts to wait (call it first);
//! - `library.room`: a semaphore of one permit (`acquire(cx)`, `release(cx)`);
//!   `library.readers`: a cell counting the readers inside, guarded by `library.readers_lock`;
//!   `library.turnstile`: a FIFO semaphore; `library.rwlock`: a read-write lock (`read(cx)`, `write(cx)`).

use racelab_core::{Ctx, Runtime};
use readers_writers_race::{Library, Role};

/// One write (thread 1) or one read (the others).
pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    // TODO: nothing keeps a reader out while the writer writes.
    match role {
        Role::Writer => library.write(cx),
        Role::Reader => library.read(cx),
    }
}
