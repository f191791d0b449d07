//! Reference solution of `dekker`: both flags SeqCst. All four accesses fall into one order that
//! both threads agree on; whichever load comes later in it comes after both stores, so at most
//! one thread reads 0.

use dekker_race::Flags;
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::SeqCst;

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, SeqCst);
    theirs.load_with(cx, SeqCst) == 0
}
