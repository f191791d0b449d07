//! A wrong fix of `async-bank`: the async mutex is taken after the check. The update is
//! protected, but the decision was made before: both tasks pass the check, then take turns
//! with the mutex, and both withdraw.

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
    if balance.load(cx) < amount {
        return false;
    }
    let _guard = ex.lock(cx).await;
    ex.pause(cx).await;
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}
