//! How many of a trial's threads wait in a waiting primitive, and whether any moved lately.
//!
//! On real threads a lost wakeup leaves every unfinished thread blocked in std's condition
//! variable, barrier, read-write lock or channel, where no lock's wait-for graph sees it. The
//! runner asks here instead of waiting out its watchdog: a trial in which every unfinished
//! thread has waited, with none going in or out, for [`STILL`] is stuck. (A thread notified but
//! not yet running counts as waiting; the quiet interval is what tells it from a lost wakeup.)
//! Atomics, not a lock: counting adds no scheduling point and no lock to a thread's path.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::time::Duration;

/// How long every unfinished thread must have waited, with none moving, to be stuck.
pub const STILL: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
struct Counts {
    threads: usize,
    finished: AtomicUsize,
    waiting: AtomicUsize,
    /// Goings in and out of waits, and finishes: changes when anything moves.
    moves: AtomicU64,
}

/// One trial's counts, shared by its threads and the runner.
#[derive(Debug, Clone, Default)]
pub struct Stalls(Arc<Counts>);

/// What the runner reads: whether every unfinished thread waits, and the moves so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Every unfinished thread waits (and one is unfinished).
    pub all_wait: bool,
    moves: u64,
}

impl Stalls {
    /// The counts of a trial of `threads` threads.
    pub fn new(threads: usize) -> Self {
        Stalls(Arc::new(Counts {
            threads,
            ..Counts::default()
        }))
    }

    /// Runs `wait` (a blocking call) counted as a thread waiting.
    pub(crate) fn waiting<T>(&self, wait: impl FnOnce() -> T) -> T {
        self.0.moves.fetch_add(1, SeqCst);
        self.0.waiting.fetch_add(1, SeqCst);
        let done = wait();
        self.0.waiting.fetch_sub(1, SeqCst);
        self.0.moves.fetch_add(1, SeqCst);
        done
    }

    /// A thread finished.
    pub(crate) fn finished(&self) {
        self.0.finished.fetch_add(1, SeqCst);
        self.0.moves.fetch_add(1, SeqCst);
    }

    /// Where the trial stands now.
    pub fn read(&self) -> Reading {
        let moves = self.0.moves.load(SeqCst);
        let unfinished = self.0.threads - self.0.finished.load(SeqCst).min(self.0.threads);
        let waiting = self.0.waiting.load(SeqCst);
        Reading {
            all_wait: unfinished > 0 && waiting >= unfinished && moves == self.0.moves.load(SeqCst),
            moves,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unfinished_thread_waiting_is_read_as_such_and_any_move_shows() {
        let stalls = Stalls::new(2);
        assert!(!stalls.read().all_wait);
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let waiter = {
            let stalls = stalls.clone();
            std::thread::spawn(move || stalls.waiting(|| rx.recv()))
        };
        while stalls.0.waiting.load(SeqCst) == 0 {
            std::thread::yield_now();
        }
        assert!(!stalls.read().all_wait, "the other thread runs");
        stalls.finished();
        let first = stalls.read();
        assert!(first.all_wait, "its only unfinished thread waits");
        assert_eq!(stalls.read(), first, "nothing moved");
        tx.send(()).unwrap();
        waiter.join().unwrap().unwrap();
        assert_ne!(stalls.read(), first);
        assert!(!stalls.read().all_wait);
    }
}
