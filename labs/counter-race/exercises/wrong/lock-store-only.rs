//! Known wrong for `counter`: only the store is locked; the load before it can be stale.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    let seen = counter.value.load(cx);
    let _guard = counter.lock.lock(cx);
    counter.value.store(cx, seen + 1);
}
