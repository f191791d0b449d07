//! Known wrong for `publish-fence`: a fence in the writer only. The Release fence keeps the
//! writer's order, but the reader's Relaxed loads may still be satisfied out of order: it needs
//! an Acquire fence of its own after it saw the flag.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{Relaxed, Release};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        fence::<R>(cx, Release);
        message.flag.store_with(cx, 1, Relaxed);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Relaxed) == 1 {
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
