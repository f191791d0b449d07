//! Exercise `spin-lock`: make a lock by hand, from one shared flag, that really excludes.
//!
//! Every thread adds 1 to `counter.value`, `iters` times, holding a lock made from
//! `counter.flag` (0: free, 1: taken), without `counter.lock`. As written, a thread waits until
//! the flag is down, then raises it: two threads can both see it down before either raises it,
//! and both enter. Check your fix with `racelab exercise check spin-lock`; stuck? `racelab
//! exercise hint spin-lock`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `counter.flag`: `load(cx)`, `store(cx, v)`, `compare_exchange(cx, current, new)` (writes
//!   `new` only if the flag still holds `current`, in one indivisible step; `Err(seen)` if not);
//! - `counter.value`: the counter, `load(cx)` and `store(cx, v)`.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter, inside a lock made from `counter.flag`.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    // TODO: between this check and the store below, another thread can check too.
    while counter.flag.load(cx) != 0 {}
    counter.flag.store(cx, 1);
    // TODO: take the flag in one indivisible step: see it down and raise it at once.
    let seen = counter.value.load(cx);
    counter.value.store(cx, seen + 1);
    counter.flag.store(cx, 0);
}
