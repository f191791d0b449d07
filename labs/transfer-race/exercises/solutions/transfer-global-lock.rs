//! Another correct solution of `transfer`: one lock for the whole bank. A thread holds nothing
//! while it waits, so nothing waits in a circle; the price is one transfer at a time.

use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};
use transfer_race::{move_money, Bank};

/// Moves `bank.amount` from this thread's source account to its destination.
pub fn transfer<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _bank = bank.bank_lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}
