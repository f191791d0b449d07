//! Known wrong for `counter`: one compare-exchange and no retry: an `if` where a loop is needed.
//! When another thread got there first, the exchange fails and this increment is dropped.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    let seen = counter.value.load(cx);
    let _ = counter.value.compare_exchange(cx, seen, seen + 1);
}
