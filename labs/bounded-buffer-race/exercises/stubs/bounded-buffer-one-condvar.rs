//! Exercise `bounded-buffer-one-condvar`: one producer, two consumers, a buffer of capacity 1,
//! and only one condition variable, `buffer.changed`. Keep it the only one, and make sure every
//! thread finishes.
//!
//! Check your fix with `racelab exercise check bounded-buffer-one-condvar`; stuck? `racelab
//! exercise hint bounded-buffer-one-condvar`.
//!
//! What you can use (everything takes `cx`, so that racelab can show what each thread did):
//! - `buffer.lock`: the lock around the buffer; `let mut guard = buffer.lock.lock(cx);`
//! - `buffer.is_full(cx)`, `buffer.is_empty(cx)`, `buffer.put(cx)`, `buffer.take(cx)`: look at
//!   the buffer and change it (hold the lock);
//! - `buffer.not_empty`, `buffer.not_full`, `buffer.changed`: condition variables;
//!   `guard = buffer.not_empty.wait(cx, guard);` releases the lock, waits, takes it again;
//!   `buffer.not_empty.notify_one(cx)` and `notify_all(cx)` wake waiters;
//! - `buffer.slots`, `buffer.items`: semaphores of the free and the full places
//!   (`acquire(cx)`, `release(cx)`).

use bounded_buffer_race::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// One put (a producer) or one take (a consumer).
pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let mut guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            while buffer.is_full(cx) {
                guard = buffer.changed.wait(cx, guard);
            }
            buffer.put(cx);
        }
        Role::Consumer => {
            while buffer.is_empty(cx) {
                guard = buffer.changed.wait(cx, guard);
            }
            buffer.take(cx);
        }
    }
    // TODO: this may wake a thread of the same kind, which goes back to sleep, and the one that
    // could go on is never woken.
    buffer.changed.notify_one(cx);
    drop(guard);
}
