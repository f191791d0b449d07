//! A wrong fix of `philosophers-waiter`: the philosopher gives its seat back as soon as it holds
//! its left fork. Another philosopher sits down, and all N can again hold one fork each.

use philosophers_race::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// One meal: both forks, eat, put them down. `Ok(true)` when it ate.
pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    table.seats.acquire(cx);
    let left = table.left(cx).lock_or_deadlock(cx)?;
    table.seats.release(cx);
    let right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    drop((right, left));
    Ok(true)
}
