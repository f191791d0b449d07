//! Known wrong for `counter`: the load and the store each under the lock, but in two separate
//! critical sections; another thread can take the lock between them.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    let seen = {
        let _guard = counter.lock.lock(cx);
        counter.value.load(cx)
    };
    let _guard = counter.lock.lock(cx);
    counter.value.store(cx, seen + 1);
}
