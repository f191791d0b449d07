//! Known wrong for `spin-lock`: the flag is taken right, with a compare-exchange, but lowered
//! before the store. Between the unlock and the store, another thread takes the flag, loads the
//! old value, and one update is lost.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter, inside a lock made from `counter.flag`.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    while counter.flag.compare_exchange(cx, 0, 1).is_err() {}
    let seen = counter.value.load(cx);
    counter.flag.store(cx, 0);
    counter.value.store(cx, seen + 1);
}
