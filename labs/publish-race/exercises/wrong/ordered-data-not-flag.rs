//! Known wrong for `publish`: Release and Acquire on the data instead of on the flag. The pair
//! orders what comes before the Release store with what comes after the Acquire load that reads
//! it; here that is nothing. The flag, Relaxed, still travels ahead of the data.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Release);
        message.flag.store_with(cx, 1, Relaxed);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Relaxed) == 1 {
            return message.data.load_with(cx, Acquire);
        }
    }
    NOT_READ
}
