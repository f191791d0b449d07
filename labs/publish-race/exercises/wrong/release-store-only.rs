//! Known wrong for `publish`: the flag is stored with Release, and loaded Relaxed. Release is
//! half of a pair: it publishes the writes before the store only to a thread whose load of the
//! flag is Acquire. A Relaxed load can see the flag and still read the old data.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::{Relaxed, Release};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        message.flag.store_with(cx, 1, Release);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Relaxed) == 1 {
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
