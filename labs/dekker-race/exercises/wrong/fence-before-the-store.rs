//! Known wrong for `dekker-fence`: the right fence in the wrong place, before the store. The
//! store and the load after it are both Relaxed with nothing between them, so the load can
//! still run while the store waits in the store buffer.

use dekker_race::Flags;
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{Relaxed, SeqCst};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    fence::<R>(cx, SeqCst);
    mine.store_with(cx, 1, Relaxed);
    theirs.load_with(cx, Relaxed) == 0
}
