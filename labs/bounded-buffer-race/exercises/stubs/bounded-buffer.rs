//! Exercise `bounded-buffer`: producers and consumers share a buffer of capacity 1. Make every
//! take find an item, whatever wakes the consumer.
//!
//! Threads 1 to `--producers` put items, the others take them (`role`). Check your fix with
//! `racelab exercise check bounded-buffer`; stuck? `racelab exercise hint bounded-buffer`.
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
                guard = buffer.not_full.wait(cx, guard);
            }
            buffer.put(cx);
            buffer.not_empty.notify_one(cx);
        }
        Role::Consumer => {
            // TODO: by the time `wait` returns, another consumer may have taken the item, and a
            // wait may return with no notify at all.
            if buffer.is_empty(cx) {
                guard = buffer.not_empty.wait(cx, guard);
            }
            buffer.take(cx);
            buffer.not_full.notify_one(cx);
        }
    }
    drop(guard);
}
