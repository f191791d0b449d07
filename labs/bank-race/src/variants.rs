//! The withdrawal variants: one withdrawal by one thread, written once for every backend.
//! Each returns whether the money was paid out.

use crate::Account;
use racelab_core::{Ctx, Runtime};

/// Racy: check the balance, then load it, then store it minus the amount, as three separate
/// steps. Both threads can pass the check before either acts (overdraft), and both can load the
/// same balance before either stores (one store overwrites the other: money created).
pub fn racy<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    if account.balance.load(cx) < account.amount {
        return false;
    }
    cx.race_window();
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}

/// Wrong fix: the update is locked, the check is not. No update is lost any more, but two
/// threads can still both pass the check before either takes the lock, and both then withdraw.
pub fn lock_write_only<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    if account.balance.load(cx) < account.amount {
        return false;
    }
    cx.race_window();
    let _guard = account.lock.lock(cx);
    let balance = account.balance.load(cx);
    account.balance.store(cx, balance - account.amount);
    true
}

/// Fix: check and update under one lock. The balance cannot change between the check and the
/// act, because every change needs the lock this thread holds.
pub fn mutex<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let _guard = account.lock.lock(cx);
    let balance = account.balance.load(cx);
    if balance < account.amount {
        return false;
    }
    cx.race_window();
    account.balance.store(cx, balance - account.amount);
    true
}

/// Fix: compare-exchange. Write the new balance only if the balance is still the one that was
/// checked; if another thread changed it, check again with the value it left.
pub fn cas<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool {
    let mut balance = account.balance.load(cx);
    loop {
        if balance < account.amount {
            return false;
        }
        cx.race_window();
        match account
            .balance
            .compare_exchange(cx, balance, balance - account.amount)
        {
            Ok(_) => return true,
            Err(now) => balance = now,
        }
    }
}
