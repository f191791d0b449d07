//! Exercise `philosophers`: three philosophers, three forks, and dinner stops for ever. Change
//! the order in which a philosopher picks up its forks so that it never does.
//!
//! Check your fix with `racelab exercise check philosophers`; stuck? `racelab exercise hint
//! philosophers`.
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
    // TODO: if every philosopher holds its left fork, each waits for its right one for ever.
    let _left = table.left(cx).lock_or_deadlock(cx)?;
    let _right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    Ok(true)
}
