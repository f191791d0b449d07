//! Reference solution of `publish-fence` (and another correct solution of `publish`): a Release
//! fence before the flag's store, and an Acquire fence after the load that saw it. The Relaxed
//! load read the Relaxed store, so the Release fence synchronizes with the Acquire fence: every
//! write before the one is seen after the other.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

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
            fence::<R>(cx, Acquire);
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
