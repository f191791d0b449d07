//! Exercise `async-bank-audit`: the card network must approve each payment after the balance is
//! checked and before it is paid out, so the await has to stay between the check and the update.
//! Make the withdrawal safe anyway.
//!
//! Every task withdraws `amount` from one shared balance. The tasks run on one OS thread and
//! take turns only at an `.await`: during the approval's await, another task runs.
//!
//! Check your fix with `racelab exercise check async-bank-audit`; stuck? `racelab exercise hint async-bank-audit`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each task did):
//! - `balance.load(cx)`, `balance.store(cx, v)`: the balance;
//! - `ex.pause(cx).await`: the card network's approval (another task may run meanwhile); keep it
//!   after the check and before the update;
//! - `let _guard = ex.lock(cx).await;`: the async mutex, held to the end of the scope, also
//!   across awaits (a `std::sync::Mutex` guard must not be held across an await; an async one
//!   can).

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
    // TODO: no other task may withdraw from here to the end, although this task awaits below.
    if balance.load(cx) < amount {
        return false;
    }
    // The card network approves the payment: keep this await here.
    ex.pause(cx).await;
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}
