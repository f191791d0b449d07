//! A wrong fix of `bounded-buffer-one-condvar`: `notify_all`, with an `if` around the waits.
//! Everyone wakes, and the first consumer back takes the item; the second does not look again
//! and takes from an empty buffer.

use bounded_buffer_race::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// One put (a producer) or one take (a consumer).
pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let mut guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            if buffer.is_full(cx) {
                guard = buffer.changed.wait(cx, guard);
            }
            buffer.put(cx);
        }
        Role::Consumer => {
            if buffer.is_empty(cx) {
                guard = buffer.changed.wait(cx, guard);
            }
            buffer.take(cx);
        }
    }
    buffer.changed.notify_all(cx);
    drop(guard);
}
