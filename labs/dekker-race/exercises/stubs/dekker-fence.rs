//! Exercise `dekker-fence`: keep both flags Relaxed, and make the two threads exclude each other
//! with one fence in each.
//!
//! Each thread stores 1 to its own flag, then loads the other thread's flag, and enters only if
//! that flag is still 0. Which kind of fence keeps a store before a later load, and where must
//! it go?
//!
//! Check your fix with `racelab exercise check dekker-fence`; stuck? `racelab exercise hint dekker-fence`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `flags.of(cx.thread())`: this thread's flag and the other thread's, with `load_with(cx,
//!   Relaxed)` and `store_with(cx, v, Relaxed)` (keep them Relaxed);
//! - `fence::<R>(cx, ordering)`: a fence, with `Release`, `Acquire`, `AcqRel` or `SeqCst`.

use dekker_race::Flags;
#[allow(unused_imports)]
use racelab_core::fence;
use racelab_core::{Ctx, Runtime};
#[allow(unused_imports)]
use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release, SeqCst};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    mine.store_with(cx, 1, Relaxed);
    // TODO: one fence, so that the store above is seen before the load below reads.
    theirs.load_with(cx, Relaxed) == 0
}
