//! Another correct solution of `publish`, and not the weakest: every access SeqCst. All threads
//! agree on one order of every SeqCst access, which includes what Release and Acquire promise,
//! and costs more on hardware with weak ordering (a full fence on ARM for the store).

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::SeqCst;

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, SeqCst);
        message.flag.store_with(cx, 1, SeqCst);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, SeqCst) == 1 {
            return message.data.load_with(cx, SeqCst);
        }
    }
    NOT_READ
}
