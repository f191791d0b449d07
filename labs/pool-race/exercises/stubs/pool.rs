//! Exercise `pool`: share nothing. Make the count right without any task touching shared state.
//!
//! Each task counts one item. The tasks run on a pool of worker threads, and the submitter adds
//! up what their futures resolve to; the invariant is that the final total counts every task.
//! Check your fix with `racelab exercise check pool`; stuck? `racelab exercise hint pool`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each task did):
//! - `shared.total`: a shared running total: `load(cx)`, `store(cx, v)`, `fetch_add(cx, d)`;
//! - `shared.lock`: a lock: `let _guard = shared.lock.lock(cx);`;
//! - the value the task returns: what its future resolves to; the submitter adds them all up.

use pool_race::Shared;
use racelab_core::{Ctx, Runtime};

/// Counts one item; returns what this task's future resolves to.
pub fn task<R: Runtime>(shared: &Shared<R>, cx: &Ctx) -> i64 {
    // TODO: two workers can load the same total here, and one store overwrites the other.
    let total = shared.total.load(cx);
    shared.total.store(cx, total + 1);
    // TODO: what if the task returned its count instead, and left the adding to the submitter?
    0
}
