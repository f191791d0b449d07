//! Reference solution of `bank-lock-write-only`: the lock moved up, so that it covers the check.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let _guard = account.lock.lock(cx);
    if account.balance.load(cx) < account.amount {
        return false;
    }
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}
