//! Reference solution of `dekker-fence` (and another correct solution of `dekker`): Relaxed
//! accesses with a SeqCst fence between the store and the load. The two fences fall into one
//! order; the thread whose fence comes later sees the store made before the earlier one.

use dekker_race::Flags;
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{Relaxed, SeqCst};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Relaxed);
    fence::<R>(cx, SeqCst);
    theirs.load_with(cx, Relaxed) == 0
}
