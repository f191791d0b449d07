//! A wrong fix of `bounded-buffer-semaphores`: the producer releases `items` before it puts the
//! item. A consumer takes the permit and finds the buffer still empty.

use bounded_buffer_race::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// One put (a producer) or one take (a consumer).
pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Producer => {
            buffer.slots.acquire(cx);
            buffer.items.release(cx);
            let guard = buffer.lock.lock(cx);
            buffer.put(cx);
            drop(guard);
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
