//! Known wrong for `dekker`: the store is SeqCst, the load Relaxed. The single order of SeqCst
//! accesses binds only SeqCst accesses: a Relaxed load is not in it, and may still read the
//! other flag's old 0.

use dekker_race::Flags;
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::{Relaxed, SeqCst};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, SeqCst);
    theirs.load_with(cx, Relaxed) == 0
}
