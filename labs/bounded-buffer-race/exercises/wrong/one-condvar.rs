//! A wrong fix of `bounded-buffer`: `while` around the waits, but one condition variable for
//! both conditions and `notify_one`. A consumer can wake the other consumer instead of the
//! producer, and then every thread waits.

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
    buffer.changed.notify_one(cx);
    drop(guard);
}
