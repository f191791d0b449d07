//! A wrong fix of `bounded-buffer`: the producer notifies before it changes the buffer (and
//! before it holds the lock). A consumer woken then finds nothing and waits again, and the put
//! that follows notifies nobody: a lost wakeup.

use bounded_buffer_race::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// One put (a producer) or one take (a consumer).
pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Producer => {
            buffer.not_empty.notify_one(cx);
            let mut guard = buffer.lock.lock(cx);
            while buffer.is_full(cx) {
                guard = buffer.not_full.wait(cx, guard);
            }
            buffer.put(cx);
            drop(guard);
        }
        Role::Consumer => {
            let mut guard = buffer.lock.lock(cx);
            while buffer.is_empty(cx) {
                guard = buffer.not_empty.wait(cx, guard);
            }
            buffer.take(cx);
            buffer.not_full.notify_one(cx);
            drop(guard);
        }
    }
}
