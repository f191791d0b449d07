//! Reference solution of `bank`: the check and the update under one lock.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let _guard = account.lock.lock(cx);
    let balance = account.balance.load(cx);
    if balance < account.amount {
        return false;
    }
    account.balance.store(cx, balance - account.amount);
    true
}
