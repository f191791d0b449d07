//! A wrong fix of `bounded-buffer-semaphores`: the lock taken before the semaphore. A consumer
//! waits for an item while it holds the lock the producer needs to put one: a deadlock.

use bounded_buffer_race::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// One put (a producer) or one take (a consumer).
pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            buffer.slots.acquire(cx);
            buffer.put(cx);
            buffer.items.release(cx);
        }
        Role::Consumer => {
            buffer.items.acquire(cx);
            buffer.take(cx);
            buffer.slots.release(cx);
        }
    }
    drop(guard);
}
