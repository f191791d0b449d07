//! Known wrong for `dekker-fence` (and `dekker`): an AcqRel fence between the store and the
//! load. It orders earlier loads and stores before later stores, and earlier loads before later
//! loads and stores, but never an earlier store before a later load: only SeqCst does that.

use dekker_race::Flags;
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{AcqRel, Relaxed};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Relaxed);
    fence::<R>(cx, AcqRel);
    theirs.load_with(cx, Relaxed) == 0
}
