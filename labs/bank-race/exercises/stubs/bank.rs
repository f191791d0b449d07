//! Exercise `bank`: make the withdrawal safe, so that the account is never overdrawn.
//!
//! Every thread withdraws `account.amount` from one shared account. As written, it checks the
//! balance, then updates it: another withdrawal can run between the check and the update, and
//! both pay out. Check your fix with `racelab exercise check bank`; stuck? `racelab exercise hint bank`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `account.balance`: the balance: `load(cx)`, `store(cx, v)`, `fetch_add(cx, d)`,
//!   `compare_exchange(cx, current, new)`;
//! - `account.lock`: a lock: `let _guard = account.lock.lock(cx);` holds it to the end of the scope;
//! - `account.amount`: what one withdrawal takes (a plain number);
//! - `account.flag`: a spare cell, 0 at the start.

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    // TODO: the balance can change between this check and the update below.
    if account.balance.load(cx) < account.amount {
        return false;
    }
    // TODO: make the check and the update one step that no other withdrawal can split.
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}
