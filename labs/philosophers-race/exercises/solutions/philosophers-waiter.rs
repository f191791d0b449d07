//! Reference solution of `philosophers-waiter`: sit down (take a seat) before the first fork and
//! leave the seat after putting both forks down. N - 1 philosophers share N forks, so one of
//! them can always eat.

use philosophers_race::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// One meal: both forks, eat, put them down. `Ok(true)` when it ate.
pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    table.seats.acquire(cx);
    let left = table.left(cx).lock_or_deadlock(cx)?;
    let right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    drop((right, left));
    table.seats.release(cx);
    Ok(true)
}
