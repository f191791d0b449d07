//! What one task does, in each variant: count one item and combine the count. Written once for
//! every backend; each returns the value its future resolves to.

use crate::Shared;
use racelab_core::{Ctx, Runtime};

/// Racy: add the count into the shared total, as a load and a store. Two workers can load the
/// same total, and the second store overwrites the first: the counter lab's lost update, inside
/// a pool.
pub fn shared_accumulator<R: Runtime>(shared: &Shared<R>, cx: &Ctx) -> i64 {
    let total = shared.total.load(cx);
    cx.race_window();
    shared.total.store(cx, total + 1);
    0
}

/// Fix: the same load and store under a lock: no other task can touch the total in between.
pub fn locked_accumulator<R: Runtime>(shared: &Shared<R>, cx: &Ctx) -> i64 {
    let _guard = shared.lock.lock(cx);
    let total = shared.total.load(cx);
    cx.race_window();
    shared.total.store(cx, total + 1);
    0
}

/// Fix: map/reduce. The task returns its count and shares nothing; the counts are summed by the
/// submitter after every future has resolved. Nothing is shared, so nothing needs a lock.
pub fn map_reduce<R: Runtime>(_shared: &Shared<R>, cx: &Ctx) -> i64 {
    cx.race_window();
    1
}
