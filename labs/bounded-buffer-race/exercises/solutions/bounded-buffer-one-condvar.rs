//! Reference solution of `bounded-buffer-one-condvar`: `notify_all`. Every waiter wakes and
//! looks at the buffer again; those that cannot go on wait again, and the one that can, does.
//! It costs wakeups that a condition variable per condition would save.

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
    buffer.changed.notify_all(cx);
    drop(guard);
}
