//! Reference solution of `pool`: map/reduce. The task returns its count and shares nothing; the
//! submitter adds the results once every future has resolved. Nothing shared, nothing to lock.

use pool_race::Shared;
use racelab_core::{Ctx, Runtime};

/// Counts one item; returns what this task's future resolves to.
pub fn task<R: Runtime>(_shared: &Shared<R>, _cx: &Ctx) -> i64 {
    1
}
