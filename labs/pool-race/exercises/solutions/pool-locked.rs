//! Another correct solution of `pool`: keep the shared total, under its lock. It holds, at the
//! price of every task waiting its turn for the lock: map/reduce needs none.

use pool_race::Shared;
use racelab_core::{Ctx, Runtime};

/// Counts one item; returns what this task's future resolves to.
pub fn task<R: Runtime>(shared: &Shared<R>, cx: &Ctx) -> i64 {
    let _guard = shared.lock.lock(cx);
    let total = shared.total.load(cx);
    shared.total.store(cx, total + 1);
    0
}
