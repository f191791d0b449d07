//! Exercise `counter`: make the increment safe, so that no update is lost.
//!
//! Every thread calls `increment` a few times on one shared counter. As written, it reads the
//! counter, then writes back the value plus one: two steps, and another thread can run between
//! them. Check your fix with `racelab exercise check counter`; stuck? `racelab exercise hint counter`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `counter.value`: the counter: `load(cx)`, `store(cx, v)`, `fetch_add(cx, d)`,
//!   `compare_exchange(cx, current, new)`;
//! - `counter.lock`: a lock: `let _guard = counter.lock.lock(cx);` holds it to the end of the scope;
//! - `counter.flag`: a spare cell, 0 at the start.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    // TODO: the load and the store are two steps; make the increment one indivisible step.
    let seen = counter.value.load(cx);
    counter.value.store(cx, seen + 1);
}
