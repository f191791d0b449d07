//! Exercise `transfer`: make the transfers safe from deadlock, and keep the money right.
//!
//! Every thread moves `bank.amount` between the two accounts: odd threads from A to B, even
//! threads from B to A (`bank.accounts(cx.thread())` gives this thread's source and
//! destination). Check your fix with `racelab exercise check transfer`; stuck? `racelab exercise
//! hint transfer`.
//!
//! What you can use (every lock takes `cx`, so that racelab can show what each thread did):
//! - `bank.a.lock`, `bank.b.lock`: each account's lock; `from.lock`, `to.lock` are the same
//!   locks. `let _a = bank.a.lock.lock_or_deadlock(cx)?;` holds one to the end of the scope;
//! - `bank.bank_lock`: one lock for the whole bank;
//! - `move_money(from, to, bank.amount, cx)`: moves the money (hold the locks that make it safe).

use racelab_core::waits::Deadlock;
use racelab_core::{Ctx, Runtime};
use transfer_race::{move_money, Bank};

/// Moves `bank.amount` from this thread's source account to its destination.
pub fn transfer<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    // TODO: a transfer the other way holds `to` and waits for `from`: both wait forever.
    let _source = from.lock.lock_or_deadlock(cx)?;
    let _destination = to.lock.lock_or_deadlock(cx)?;
    // TODO: whatever the direction, take the locks so that no two transfers wait in a circle.
    move_money(from, to, bank.amount, cx);
    Ok(())
}
