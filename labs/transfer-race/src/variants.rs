//! The transfer variants: one transfer by one thread, written once for every backend. Each moves
//! the amount from this thread's source account to its destination, or gives up with `Err` when
//! taking a lock would deadlock.

use crate::{Account, Bank};
use racelab_core::{waits::Deadlock, Ctx, Runtime};

/// Moves the amount; the caller holds whatever locks make that safe.
pub fn move_money<R: Runtime>(from: &Account<R>, to: &Account<R>, amount: i64, cx: &Ctx) {
    from.count_move(cx);
    let source = from.balance.load(cx);
    from.balance.store(cx, source - amount);
    let destination = to.balance.load(cx);
    to.balance.store(cx, destination + amount);
}

/// Naive: lock the source, then the destination. A transfer from A to B holds A and waits for
/// B; a transfer from B to A holds B and waits for A. Neither can ever go on.
pub fn naive<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _source = from.lock.lock_or_deadlock(cx)?;
    cx.race_window();
    let _destination = to.lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}

/// Fix: lock the two accounts in one global order (A, then B), whatever the direction. A thread
/// that holds B already holds A, so no thread can hold B while waiting for A: no cycle.
pub fn ordered<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _first = bank.a.lock.lock_or_deadlock(cx)?;
    cx.race_window();
    let _second = bank.b.lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}

/// Fix: one lock for the whole bank. A thread waits for at most one lock and holds none while it
/// waits, so there is nothing to wait for in a circle; the price is that no two transfers run at
/// once, even between unrelated accounts.
pub fn global_lock<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock> {
    let (from, to) = bank.accounts(cx.thread());
    let _bank = bank.bank_lock.lock_or_deadlock(cx)?;
    move_money(from, to, bank.amount, cx);
    Ok(())
}
