//! The dekker variants: one thread's attempt to enter. It raises its own flag, then reads the
//! other thread's, and enters only if that flag is down. Each returns [`ENTERED`] or 0.

use crate::{Flags, ENTERED};
use racelab_core::{fence, Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};

/// Racy: Relaxed flags. Nothing keeps this thread's load after its own store as the other
/// thread sees it: each store can still sit in its core's store buffer while the load runs, so
/// both threads read 0 and both enter.
pub fn relaxed<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> i64 {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Relaxed);
    if theirs.load_with(cx, Relaxed) == 0 {
        return ENTERED;
    }
    0
}

/// Wrong fix: Release store, Acquire load. Release orders the store after what came *before*
/// it; Acquire orders the load before what comes *after* it. Neither orders a store before a
/// later load, which is the one order this needs: both threads still enter.
pub fn release_acquire<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> i64 {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Release);
    if theirs.load_with(cx, Acquire) == 0 {
        return ENTERED;
    }
    0
}

/// Fix: SeqCst flags. All four accesses fall into one order that both threads agree on; the
/// later of the two loads comes after both stores, so at most one thread reads 0.
pub fn seqcst<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> i64 {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, SeqCst);
    if theirs.load_with(cx, SeqCst) == 0 {
        return ENTERED;
    }
    0
}

/// Fix: Relaxed accesses with a SeqCst fence between the store and the load. The fences fall
/// into one order too; the store before the later fence is seen by the load after it.
pub fn seqcst_fence<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> i64 {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Relaxed);
    fence::<R>(cx, SeqCst);
    if theirs.load_with(cx, Relaxed) == 0 {
        return ENTERED;
    }
    0
}
