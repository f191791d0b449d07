//! The counter variants, each one thread's work, written once for every backend.

use crate::Counter;
use racelab_core::{Ctx, Runtime};

/// Racy: read the counter, then write back the value plus one. Another thread can run between
/// the load and the store; if it stores in that gap, this store overwrites its update.
pub fn racy<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    for _ in 0..cx.iters() {
        let seen = counter.value.load(cx);
        cx.race_window();
        counter.value.store(cx, seen + 1);
    }
}

/// Fix: `fetch_add` reads, adds and writes in one indivisible step; there is no gap.
pub fn atomic<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    for _ in 0..cx.iters() {
        counter.value.fetch_add(cx, 1);
    }
}

/// Fix: the same load and store, under a lock. Another thread can still run between them, but
/// it cannot touch the counter until this thread unlocks.
pub fn mutex<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    for _ in 0..cx.iters() {
        let _guard = counter.lock.lock(cx);
        let seen = counter.value.load(cx);
        cx.race_window();
        counter.value.store(cx, seen + 1);
    }
}

/// Fix: share nothing. Each thread counts in a local variable and returns its sum; the sums are
/// added after every thread has been joined, as a map/reduce over a pool does. It never touches
/// the shared counter.
pub fn local<R: Runtime>(_counter: &Counter<R>, cx: &Ctx) -> i64 {
    let mut sum = 0;
    for _ in 0..cx.iters() {
        sum += 1;
    }
    sum
}

/// Fix: `add` is `fetch_add` without its result: one indivisible step, as in `atomic`. No thread
/// reads the value its increment replaced, so two increments commute: every order of them ends
/// with the same count, and racelab's SC checker explores one order where `atomic` needs all.
pub fn add<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    for _ in 0..cx.iters() {
        counter.value.add(cx, 1);
    }
}
