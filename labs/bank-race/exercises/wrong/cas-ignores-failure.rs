//! Known wrong for `bank`: one compare-exchange, and its failure ignored: an `if` where a retry
//! loop is needed. When the exchange fails, the money is paid out anyway.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let balance = account.balance.load(cx);
    if balance < account.amount {
        return false;
    }
    let _ = account
        .balance
        .compare_exchange(cx, balance, balance - account.amount);
    true
}
