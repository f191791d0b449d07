//! Known wrong for `bank`: a lock made by hand from a flag that is checked, then set: two
//! withdrawals can both see it clear before either sets it, and both go in.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    while account.flag.load(cx) != 0 {
        R::yield_now();
    }
    account.flag.store(cx, 1);
    let balance = account.balance.load(cx);
    let paid = balance >= account.amount;
    if paid {
        account.balance.store(cx, balance - account.amount);
    }
    account.flag.store(cx, 0);
    paid
}
