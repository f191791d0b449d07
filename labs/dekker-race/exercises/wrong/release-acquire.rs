//! Known wrong for `dekker`: a Release store and an Acquire load. Release orders a store after
//! what came before it; Acquire orders a load before what comes after it. Neither keeps a store
//! before a later load, which is the one order this needs: both threads still enter.

use dekker_race::Flags;
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Release};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Release);
    theirs.load_with(cx, Acquire) == 0
}
