//! Reference solution of `bounded-buffer`: `while` around every wait, so a woken thread looks at
//! the buffer again before it acts; a stolen or spurious wakeup only costs it another wait.

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
            while buffer.is_empty(cx) {
                guard = buffer.not_empty.wait(cx, guard);
            }
            buffer.take(cx);
            buffer.not_full.notify_one(cx);
        }
    }
    drop(guard);
}
