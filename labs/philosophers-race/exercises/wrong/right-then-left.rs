//! A wrong fix of `philosophers`: every philosopher picks up its right fork first. The circle of
//! waits is still there, turning the other way.

use philosophers_race::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// One meal: both forks, eat, put them down. `Ok(true)` when it ate.
pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    let _right = table.right(cx).lock_or_deadlock(cx)?;
    let _left = table.left(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    Ok(true)
}
