//! Who holds which lock and who waits for which, per execution: a wait that would close a cycle
//! is a deadlock, found the moment the last thread of the cycle is about to block.
//!
//! Only [`Lock::lock_or_deadlock`](crate::Lock::lock_or_deadlock) takes part. The graph lives in
//! a std mutex, so it adds no scheduling point under loom or shuttle; on real threads the last
//! thread to join a cycle always sees it, because every thread records what it holds before it
//! waits for anything else.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A wait that would never end: the lock's holder waits, directly or through other threads, for
/// a lock this thread holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlock {
    /// The lab thread (from 1) that holds the lock this thread wanted.
    pub holder: usize,
}

#[derive(Debug, Default)]
struct Waits {
    /// lock -> the thread holding it.
    holder: HashMap<usize, usize>,
    /// thread -> the lock it is waiting for.
    waiting: HashMap<usize, usize>,
}

/// The wait-for graph of one execution, shared by its threads.
#[derive(Debug, Clone, Default)]
pub struct WaitGraph(Arc<Mutex<Waits>>);

impl WaitGraph {
    fn lock(&self) -> MutexGuard<'_, Waits> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `thread` is about to wait for `lock`: a [`Deadlock`] if that wait could never end.
    pub(crate) fn wait(&self, thread: usize, lock: usize) -> Result<(), Deadlock> {
        let mut waits = self.lock();
        if let Some(&holder) = waits.holder.get(&lock) {
            let mut next = holder;
            for _ in 0..=waits.waiting.len() {
                if next == thread {
                    return Err(Deadlock { holder });
                }
                let Some(&wanted) = waits.waiting.get(&next) else {
                    break;
                };
                let Some(&owner) = waits.holder.get(&wanted) else {
                    break;
                };
                next = owner;
            }
        }
        waits.waiting.insert(thread, lock);
        Ok(())
    }

    /// `thread` took `lock`.
    pub(crate) fn acquired(&self, thread: usize, lock: usize) {
        let mut waits = self.lock();
        waits.waiting.remove(&thread);
        waits.holder.insert(lock, thread);
    }

    /// `lock` was released.
    pub(crate) fn released(&self, lock: usize) {
        self.lock().holder.remove(&lock);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_each_waiting_for_the_others_lock_deadlock() {
        let graph = WaitGraph::default();
        graph.acquired(1, 10);
        graph.acquired(2, 20);
        assert_eq!(graph.wait(1, 20), Ok(()));
        assert_eq!(graph.wait(2, 10), Err(Deadlock { holder: 1 }));
    }

    #[test]
    fn waiting_for_a_lock_held_by_a_running_thread_is_fine() {
        let graph = WaitGraph::default();
        graph.acquired(1, 10);
        assert_eq!(graph.wait(2, 10), Ok(()));
        graph.released(10);
        graph.acquired(2, 10);
        assert_eq!(graph.wait(1, 10), Ok(()));
    }

    #[test]
    fn a_cycle_through_three_threads_and_relocking_are_deadlocks() {
        let graph = WaitGraph::default();
        for (thread, lock) in [(1, 10), (2, 20), (3, 30)] {
            graph.acquired(thread, lock);
        }
        assert_eq!(graph.wait(1, 20), Ok(()));
        assert_eq!(graph.wait(2, 30), Ok(()));
        assert_eq!(graph.wait(3, 10), Err(Deadlock { holder: 1 }));
        assert_eq!(graph.wait(2, 20), Err(Deadlock { holder: 2 }));
    }
}
