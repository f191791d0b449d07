//! Known wrong for the bank exercises: the check has its own critical section and the update
//! another; between the two, the other withdrawal can pass the same check.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let enough = {
        let _guard = account.lock.lock(cx);
        account.balance.load(cx) >= account.amount
    };
    if !enough {
        return false;
    }
    let _guard = account.lock.lock(cx);
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}
