//! A wrong fix of `philosophers`: one philosopher is meant to pick up its forks the other way,
//! but the one picked (thread 0) does not exist: threads count from 1, and everyone still takes
//! left, then right.

use philosophers_race::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// One meal: both forks, eat, put them down. `Ok(true)` when it ate.
pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    if cx.thread() == 0 {
        let _right = table.right(cx).lock_or_deadlock(cx)?;
        let _left = table.left(cx).lock_or_deadlock(cx)?;
        table.eat(cx);
        return Ok(true);
    }
    let _left = table.left(cx).lock_or_deadlock(cx)?;
    let _right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    Ok(true)
}
