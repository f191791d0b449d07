//! Reference solution of `bounded-buffer-semaphores`: wait on the semaphore first, holding
//! nothing; take the lock only for the put or the take; then release the other semaphore.

use bounded_buffer_race::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// One put (a producer) or one take (a consumer).
pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Producer => {
            buffer.slots.acquire(cx);
            let guard = buffer.lock.lock(cx);
            buffer.put(cx);
            drop(guard);
            buffer.items.release(cx);
        }
        Role::Consumer => {
            buffer.items.acquire(cx);
            let guard = buffer.lock.lock(cx);
            buffer.take(cx);
            drop(guard);
            buffer.slots.release(cx);
        }
    }
}
