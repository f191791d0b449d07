//! Another correct solution of `bank`: a spin lock made by hand from the spare flag. The
//! compare-exchange sets the flag only if it was clear, in one step, so only one withdrawal at a
//! time gets past it; the others spin (with no yield) until the holder clears it.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    while account.flag.compare_exchange(cx, 0, 1).is_err() {}
    let balance = account.balance.load(cx);
    let paid = balance >= account.amount;
    if paid {
        account.balance.store(cx, balance - account.amount);
    }
    account.flag.store(cx, 0);
    paid
}
