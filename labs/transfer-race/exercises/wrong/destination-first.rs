//! A wrong fix of `transfer`: lock the destination first, then the source. The order still
//! depends on the direction, so the two transfers still take the locks in opposite orders: the
//! same circle, turning the other way.

use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};
use transfer_race::{move_money, Bank};

/// Moves `bank.amount` from this thread's source account to its destination.
pub fn transfer<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _destination = to.lock.lock_or_deadlock(cx)?;
    let _source = from.lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}
