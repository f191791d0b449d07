//! Reference solution of `publish`: the flag is stored with Release and loaded with Acquire.
//! A Release store publishes every write before it; an Acquire load that reads it sees them
//! all. The data itself can stay Relaxed: the flag carries it.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        message.flag.store_with(cx, 1, Release);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Acquire) == 1 {
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
