//! Reference solution of `async-bank`: every await first, then the check and the update with no
//! await between them. On one thread no other task can run until this one awaits.

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
    ex.pause(cx).await;
    let seen = balance.load(cx);
    if seen < amount {
        return false;
    }
    balance.store(cx, seen - amount);
    true
}
