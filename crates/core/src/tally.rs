//! Work each thread did, counted for a lab's invariant: code under test that returns without
//! doing it (a lock that skips the critical section, a consumer that never takes) is caught.
//!
//! A [`Tally`] counts outside the model (a `std` atomic: no step of its own, so no execution
//! more to explore); [`note`] puts into the final state only the threads whose count is wrong,
//! so a correct run's outcome table has no column for it; [`miscounted`] reads them back for
//! `violations`.

use crate::{Ctx, State};
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};

/// How many times each thread did one kind of work.
#[derive(Debug, Default)]
pub struct Tally {
    counts: Vec<AtomicI64>,
}

impl Tally {
    /// A tally of `threads` threads, each at 0.
    pub fn new(threads: usize) -> Self {
        Tally {
            counts: (0..threads).map(|_| AtomicI64::new(0)).collect(),
        }
    }

    /// One more by `cx`'s thread.
    pub fn add(&self, cx: &Ctx) {
        if let Some(count) = self.counts.get(cx.thread().wrapping_sub(1)) {
            count.fetch_add(1, Relaxed);
        }
    }

    /// Each thread's count, thread 1's first.
    pub fn counts(&self) -> Vec<i64> {
        self.counts.iter().map(|c| c.load(Relaxed)).collect()
    }
}

/// Puts into `state`, as `"<key> of thread N"`, each count of `counts` (thread 1's first) that
/// is not `expected(N)`; `None` takes any count.
pub fn note(
    state: &mut State,
    key: &str,
    counts: impl IntoIterator<Item = i64>,
    expected: impl Fn(usize) -> Option<i64>,
) {
    for (at, count) in counts.into_iter().enumerate() {
        let thread = at + 1;
        if expected(thread).is_some_and(|e| e != count) {
            state.insert(format!("{key} of thread {thread}"), count);
        }
    }
}

/// What [`note`] put into `state` under `key`: each miscounted thread, with its count.
pub fn miscounted(state: &State, key: &str) -> Vec<(usize, i64)> {
    let prefix = format!("{key} of thread ");
    let mut found: Vec<(usize, i64)> = (state.range(prefix.clone()..))
        .map_while(|(k, &count)| Some((k.strip_prefix(&prefix)?.parse().ok()?, count)))
        .collect();
    // "thread 10" sorts before "thread 2" as text.
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_wrong_counts_are_noted_and_read_back_in_thread_order() {
        let mut state = State::from([("inside".to_string(), 0)]);
        let counts = [1, 0, 1, 1, 1, 1, 1, 1, 1, 3];
        note(&mut state, "puts", counts, |t| (t != 3).then_some(1));
        note(&mut state, "takes", [1, 1], |_| Some(1));
        assert_eq!(state.len(), 3, "{state:?}");
        assert_eq!(miscounted(&state, "puts"), [(2, 0), (10, 3)]);
        assert_eq!(miscounted(&state, "takes"), []);
    }
}
