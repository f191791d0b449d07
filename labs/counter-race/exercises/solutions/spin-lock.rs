//! Reference solution of `spin-lock`: the flag is taken with a compare-exchange, which sees it
//! down and raises it in one indivisible step, so only one thread at a time gets past it; the
//! others spin until the holder lowers it.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter, inside a lock made from `counter.flag`.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    while counter.flag.compare_exchange(cx, 0, 1).is_err() {}
    let seen = counter.value.load(cx);
    counter.value.store(cx, seen + 1);
    counter.flag.store(cx, 0);
}
