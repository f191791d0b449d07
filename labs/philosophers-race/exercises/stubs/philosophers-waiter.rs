//! Exercise `philosophers-waiter`: keep every philosopher taking its left fork first, and end
//! the deadlock with the waiter: `table.seats`, a semaphore of N - 1 seats.
//!
//! Check your fix with `racelab exercise check philosophers-waiter`; stuck? `racelab exercise
//! hint philosophers-waiter`.
//!
//! What you can use (every fork takes `cx`, so that racelab can show what each thread did):
//! - `table.left(cx)`, `table.right(cx)`: this philosopher's forks (fork i and fork i + 1, round
//!   the table), locks: `let _left = table.left(cx).lock_or_deadlock(cx)?;` holds one to the end
//!   of the scope; `table.forks[i]` is fork i, and `table.forks.len()` the table's size;
//! - `table.seats`: the waiter, a semaphore of N - 1 seats (`acquire(cx)`, `release(cx)`);
//! - `table.eat(cx)`: eats (hold both forks).

use philosophers_race::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// One meal: both forks, eat, put them down. `Ok(true)` when it ate.
pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    // TODO: all N philosophers can sit down at once, and each holds one fork.
    let left = table.left(cx).lock_or_deadlock(cx)?;
    let right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    drop((right, left));
    Ok(true)
}
