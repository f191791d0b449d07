//! Known wrong for `publish-fence`: the writer's fence comes after the flag's store. A Release
//! fence orders the writes before it with the stores after it; here no store comes after it, so
//! it orders nothing that the reader can see.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        message.flag.store_with(cx, 1, Relaxed);
        fence::<R>(cx, Release);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Relaxed) == 1 {
            fence::<R>(cx, Acquire);
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
