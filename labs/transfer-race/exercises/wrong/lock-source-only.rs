//! A wrong fix of `transfer`: lock only the source. No thread waits while holding a lock, so
//! there is no deadlock, but the destination is changed without its lock: a transfer the other
//! way, holding that account as its source, changes it at the same time, and money is lost.

use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};
use transfer_race::{move_money, Bank};

/// Moves `bank.amount` from this thread's source account to its destination.
pub fn transfer<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _source = from.lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}
