//! The withdrawal as an async task, written once for every executor. Each task first awaits
//! its request (another task may run meanwhile); each returns whether the money was paid out.

use crate::executor::Executor;
use racelab_core::coop::CoopCell;
use racelab_core::{Ctx, Runtime};

/// Racy: check the balance, await (say, the card network's approval), then update it. The check
/// was true before the await; by the time the task resumes, another task may have withdrawn.
pub async fn racy<R: Runtime>(
    ex: &Executor<'_, R>,
    balance: &CoopCell,
    amount: i64,
    cx: &Ctx,
) -> bool {
    ex.pause(cx).await;
    if balance.load(cx) < amount {
        return false;
    }
    ex.pause(cx).await;
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}

/// Fix: check and update in one synchronous step, with no await between them. On one thread
/// no other task can run until this one awaits, so nothing can change the balance in between.
pub async fn no_await_between<R: Runtime>(
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

/// Fix: an async mutex held across the await. Other tasks may run during the await, but none
/// can take the mutex, so none can touch the balance between this task's check and update.
pub async fn async_mutex<R: Runtime>(
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
    ex.pause(cx).await;
    let seen = balance.load(cx);
    balance.store(cx, seen - amount);
    true
}
