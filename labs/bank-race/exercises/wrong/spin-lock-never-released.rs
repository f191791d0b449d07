//! Known wrong for `bank`: a spin lock from the spare flag that is never cleared. The first
//! withdrawal takes it and keeps it; every other one spins forever, waiting for a flag that no
//! thread will ever clear (a hang, which the checker shows with its trace).

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
    paid
}
