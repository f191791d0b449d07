//! Reference solution of `counter`: the load and the store under one lock.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    let _guard = counter.lock.lock(cx);
    let seen = counter.value.load(cx);
    counter.value.store(cx, seen + 1);
}
