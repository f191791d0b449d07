//! Exercise `bounded-buffer-semaphores`: the same buffer, with semaphores instead of condition
//! variables. `buffer.slots` starts with a permit per free place, `buffer.items` with none.
//! Make every put find room and every take find an item.
//!
//! Check your fix with `racelab exercise check bounded-buffer-semaphores`; stuck? `racelab
//! exercise hint bounded-buffer-semaphores`.
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
    // TODO: nothing here waits for room or for an item.
    let guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => buffer.put(cx),
        Role::Consumer => buffer.take(cx),
    }
    drop(guard);
}
