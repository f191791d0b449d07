//! Reference solution of `philosophers`: the lower-numbered fork first. The last philosopher
//! then reaches for fork 0 before the last fork, against its neighbours, and no circle of waits
//! can close.

use philosophers_race::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// One meal: both forks, eat, put them down. `Ok(true)` when it ate.
pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    let (left, right) = (cx.thread() - 1, cx.thread() % table.forks.len());
    let _first = table.forks[left.min(right)].lock_or_deadlock(cx)?;
    let _second = table.forks[left.max(right)].lock_or_deadlock(cx)?;
    table.eat(cx);
    Ok(true)
}
