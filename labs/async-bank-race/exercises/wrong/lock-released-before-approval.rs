//! A wrong fix of `async-bank-audit`: the check is locked, and so is the update, but the guard
//! is dropped before the approval's await. During the await another task takes the mutex,
//! passes the same check, and both withdraw.

use async_bank_race::executor::Executor;
use racelab_core::coop::CoopCell;
use racelab_core::{Ctx, Runtime};

/// Withdraws `amount` if the balance covers it; returns whether the money was paid out.
pub async fn withdraw<R: Runtime>(
    ex: &Executor<'_, R>,
    balance: &CoopCell,
    amount: i64,
    cx: &Ctx,
) -> bool {
    {
        let _guard = ex.lock(cx).await;
        if balance.load(cx) < amount {
            return false;
        }
    }
    // The card network approves the payment.
    ex.pause(cx).await;
    let _guard = ex.lock(cx).await;
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}
