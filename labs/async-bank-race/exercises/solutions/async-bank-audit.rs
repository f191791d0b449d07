//! Reference solution of `async-bank-audit` (and another correct solution of `async-bank`): the
//! async mutex held from before the check to after the update, across the approval's await.
//! Other tasks run during the await, but none can take the mutex, so none can withdraw between
//! this task's check and its update.

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
    ex.pause(cx).await;
    let _guard = ex.lock(cx).await;
    if balance.load(cx) < amount {
        return false;
    }
    // The card network approves the payment.
    ex.pause(cx).await;
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}
