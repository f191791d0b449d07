//! Reference solution of `transfer`: both accounts locked in one global order, A before B,
//! whatever the direction. A thread that holds B already holds A, so no two threads can wait
//! for each other in a circle.

use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};
use transfer_race::{move_money, Bank};

/// Moves `bank.amount` from this thread's source account to its destination.
pub fn transfer<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _first = bank.a.lock.lock_or_deadlock(cx)?;
    let _second = bank.b.lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}
