//! Exercise `readers-writers`: the writer stores a pair half by half while readers read it.
//! Make every read see a whole pair, and let readers read together: with `library.room` and the
//! readers' count, the first reader in locks the room for all readers, the last out unlocks it.
//!
//! Check your fix with `racelab exercise check readers-writers`; stuck? `racelab exercise hint
//! readers-writers`.
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
    // TODO: a reader can read between the writer's two stores.
    match role {
        Role::Writer => library.write(cx),
        Role::Reader => library.read(cx),
    }
}
