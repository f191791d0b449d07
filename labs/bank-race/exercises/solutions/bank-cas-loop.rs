//! Also correct for the bank exercises: a compare-exchange loop that checks the balance again
//! on every retry, with the value another withdrawal left.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let mut balance = account.balance.load(cx);
    loop {
        if balance < account.amount {
            return false;
        }
        match account
            .balance
            .compare_exchange(cx, balance, balance - account.amount)
        {
            Ok(_) => return true,
            Err(now) => balance = now,
        }
    }
}
