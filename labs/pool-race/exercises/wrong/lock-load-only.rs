//! A wrong fix of `pool`: the lock covers the load but not the store. Another task can take the
//! lock, load the same total, and store over this one's update.

use pool_race::Shared;
use racelab_core::{Ctx, Runtime};

/// Counts one item; returns what this task's future resolves to.
pub fn task<R: Runtime>(shared: &Shared<R>, cx: &Ctx) -> i64 {
    let total = {
        let _guard = shared.lock.lock(cx);
        shared.total.load(cx)
    };
    shared.total.store(cx, total + 1);
    0
}
