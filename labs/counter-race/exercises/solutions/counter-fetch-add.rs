//! Also correct for `counter`: `fetch_add` reads, adds and writes in one step.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    counter.value.fetch_add(cx, 1);
}
