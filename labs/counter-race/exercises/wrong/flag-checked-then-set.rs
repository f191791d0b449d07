//! Known wrong for `counter`: a lock made by hand from a flag that is checked, then set: two
//! threads can both see it clear before either sets it, and both enter.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    while counter.flag.load(cx) != 0 {
        R::yield_now();
    }
    counter.flag.store(cx, 1);
    let seen = counter.value.load(cx);
    counter.value.store(cx, seen + 1);
    counter.flag.store(cx, 0);
}
