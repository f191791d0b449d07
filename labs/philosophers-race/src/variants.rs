//! The philosophers' variants: one meal of one philosopher, written once for every backend. A
//! philosopher eats with both its forks: its left (`table.left(cx)`, fork i for philosopher i)
//! and its right (the next fork round the table). Each returns whether it ate.

use crate::Table;
use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};

/// Racy: left fork, then right. If every philosopher picks up its left fork before anyone picks
/// up a right one, each waits for its right-hand neighbour's left fork: a circle of waits.
pub fn naive<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    let _left = table.left(cx).lock_or_deadlock(cx)?;
    cx.race_window();
    let _right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    Ok(true)
}

/// Fix: every philosopher picks up the lower-numbered of its two forks first. The last
/// philosopher's forks are the last and the first, so it reaches for fork 0 first, against its
/// neighbours: the circle of waits can never close.
pub fn ordered<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    let (first, second) = table.lower_first(cx);
    let _first = first.lock_or_deadlock(cx)?;
    cx.race_window();
    let _second = second.lock_or_deadlock(cx)?;
    table.eat(cx);
    Ok(true)
}

/// Fix: a waiter seats at most N - 1 philosophers at once (a semaphore of N - 1 permits). With
/// one seat empty, at least one seated philosopher has both forks free to take.
pub fn waiter<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    table.seats.acquire(cx);
    let left = table.left(cx).lock_or_deadlock(cx)?;
    cx.race_window();
    let right = table.right(cx).lock_or_deadlock(cx)?;
    table.eat(cx);
    drop((right, left));
    table.seats.release(cx);
    Ok(true)
}

/// Wrong fix: take the left fork, then *try* the right one; if it is taken, put the left fork
/// back and try again, `patience` times. Nobody holds a fork while waiting, so there is no
/// deadlock; but all can pick up, fail and put down together for ever (a livelock), and after
/// `patience` tries a philosopher gives up its meal.
pub fn try_and_back_off<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock> {
    for _ in 0..=table.patience {
        let left = table.left(cx).lock_or_deadlock(cx)?;
        cx.race_window();
        if let Some(_right) = table.right(cx).try_lock(cx) {
            table.eat(cx);
            return Ok(true);
        }
        drop(left);
    }
    Ok(false)
}
