//! Known wrong for `bank`: only the update is locked; the check before it can be stale.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    if account.balance.load(cx) < account.amount {
        return false;
    }
    let _guard = account.lock.lock(cx);
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}
