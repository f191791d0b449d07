//! Another correct solution of `spin-lock`: test and test-and-set. A thread waits with plain
//! loads while the flag is up (on hardware they stay in its own cache), and only when it sees it
//! down tries the compare-exchange; if another thread took the flag first, it waits again.

use counter_race::Counter;
use racelab_core::{Ctx, Runtime};

/// Adds one to the counter, inside a lock made from `counter.flag`.
pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {
    loop {
        while counter.flag.load(cx) != 0 {}
        if counter.flag.compare_exchange(cx, 0, 1).is_ok() {
            break;
        }
    }
    let seen = counter.value.load(cx);
    counter.value.store(cx, seen + 1);
    counter.flag.store(cx, 0);
}
