//! Exercise `bank-lock-write-only`: someone already "fixed" this withdrawal with a lock, and it
//! still overdraws. Find out why, then fix it for real.
//!
//! Every thread withdraws `account.amount` from one shared account. Run
//! `racelab exercise check bank-lock-write-only` first and read the timeline: which step of
//! which thread makes the difference? Stuck? `racelab exercise hint bank-lock-write-only`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `account.balance`: the balance: `load(cx)`, `store(cx, v)`, `fetch_add(cx, d)`,
//!   `compare_exchange(cx, current, new)`;
//! - `account.lock`: a lock: `let _guard = account.lock.lock(cx);` holds it to the end of the scope;
//! - `account.amount`: what one withdrawal takes (a plain number).

use bank_race::Account;
use racelab_core::{Ctx, Runtime};

/// Withdraws `account.amount` if the balance covers it; returns whether the money was paid out.
pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    // TODO: this check is not under the lock. Is locking only the update enough?
    if account.balance.load(cx) < account.amount {
        return false;
    }
    let _guard = account.lock.lock(cx);
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}
