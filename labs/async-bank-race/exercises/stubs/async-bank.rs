//! Exercise `async-bank`: make the async withdrawal safe, so that the account is never
//! overdrawn, although the tasks never run at the same time.
//!
//! Every task withdraws `amount` from one shared balance. The tasks run on one OS thread and
//! take turns only at an `.await`: `ex.pause(cx).await` is where another task may run. Check
//! your fix with `racelab exercise check async-bank`; stuck? `racelab exercise hint async-bank`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each task did):
//! - `balance.load(cx)`, `balance.store(cx, v)`: the balance (no other task runs between two
//!   accesses unless there is an await between them);
//! - `ex.pause(cx).await`: waits for the card network (another task may run meanwhile);
//! - `let _guard = ex.lock(cx).await;`: the async mutex, held to the end of the scope, also
//!   across awaits.

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
    // TODO: the balance is checked here, and another task may run at the await below.
    if balance.load(cx) < amount {
        return false;
    }
    ex.pause(cx).await;
    // TODO: make the check and the update one step that no other task can split.
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}
