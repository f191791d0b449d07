//! Also correct for `counter`: a compare-exchange loop that retries with the value it saw.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    let mut seen = counter.value.load(cx);
    while let Err(now) = counter.value.compare_exchange(cx, seen, seen + 1) {
        seen = now;
    }
}
