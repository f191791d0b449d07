//! Exercise `dekker`: two threads that must never both be inside, each raising its own flag and
//! then reading the other's.
//!
//! Each thread stores 1 to its own flag, then loads the other thread's flag, and enters only if
//! that flag is still 0. Whichever thread loads last must see the other's 1. As written, the
//! accesses are Relaxed: each store may still sit in its core's store buffer while the load
//! runs, so both threads read 0 and both enter.
//!
//! Check your fix with `racelab exercise check dekker`; stuck? `racelab exercise hint dekker`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `flags.of(cx.thread())`: this thread's flag and the other thread's;
//! - `load_with(cx, ordering)` and `store_with(cx, v, ordering)`, with `Relaxed`, `Release`
//!   (stores), `Acquire` (loads) or `SeqCst`; `fence::<R>(cx, ordering)`, a fence.
//!
//! Code with orderings weaker than SeqCst is graded by loom, which models them; SeqCst code by
//! racelab's SC checker.

use dekker_race::Flags;
#[allow(unused_imports)]
use racelab_core::fence;
use racelab_core::{Ctx, Runtime};
#[allow(unused_imports)]
use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release, SeqCst};

/// Raises this thread's flag and enters if the other's is down; returns whether it entered.
pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool {
    let (mine, theirs) = flags.of(cx.thread());
    // TODO: this store must be seen by the other thread before this thread's load below runs.
    mine.store_with(cx, 1, Relaxed);
    // TODO: which ordering keeps a store before a later load, as every thread sees it?
    theirs.load_with(cx, Relaxed) == 0
}
