//! A memory fence, recorded as a step of its own.

use super::Ctx;
use crate::runtime::Runtime;
use crate::trace::Action;
use std::panic::Location;
use std::sync::atomic::Ordering;

/// A memory fence with `ordering` (`SeqCst` between a store and a load keeps them in order).
///
/// It touches no cell, so racelab's SC checker, where every step is already in order, has
/// nothing to schedule; loom models it, and real threads run it.
#[track_caller]
pub fn fence<R: Runtime>(cx: &Ctx, ordering: Ordering) {
    R::fence(ordering);
    let at = Location::caller();
    cx.record_ordered(Action::Fence, "fence", None, false, ordering, at);
}
