//! Who holds which lock and who waits for which, per execution: a wait that would close a cycle
//! is a deadlock, found the moment the last thread of the cycle is about to block. Every thread
//! of the cycle then gives up (the one that found it at once, the others as the lock they wait
//! for comes free), so a deadlock ends the same way on real threads as under racelab's SC
//! checker, where the execution stops with every thread of the cycle waiting: nothing moved.
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
    /// Threads caught in a deadlock that another thread of it found: each gives up when it
    /// next takes a lock (the one it waits for, once the finder released it).
    /// thread -> the thread holding the lock it waits for.
    doomed: HashMap<usize, usize>,
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
            let mut cycle = Vec::new();
            for _ in 0..=waits.waiting.len() {
                if next == thread {
                    waits.doomed.extend(cycle);
                    return Err(Deadlock { holder });
                }
                let Some(&wanted) = waits.waiting.get(&next) else {
                    break;
                };
                let Some(&owner) = waits.holder.get(&wanted) else {
                    break;
                };
                cycle.push((next, owner));
                next = owner;
            }
        }
        waits.waiting.insert(thread, lock);
        Ok(())
    }

    /// `thread` took `lock`: a [`Deadlock`] if `thread` is caught in one that another thread
    /// found, and must give the lock back and give up.
    pub(crate) fn acquired(&self, thread: usize, lock: usize) -> Result<(), Deadlock> {
        let mut waits = self.lock();
        waits.waiting.remove(&thread);
        if let Some(holder) = waits.doomed.remove(&thread) {
            return Err(Deadlock { holder });
        }
        waits.holder.insert(lock, thread);
        Ok(())
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
        graph.acquired(1, 10).unwrap();
        graph.acquired(2, 20).unwrap();
        assert_eq!(graph.wait(1, 20), Ok(()));
        assert_eq!(graph.wait(2, 10), Err(Deadlock { holder: 1 }));
        graph.released(20);
        assert!(
            graph.acquired(1, 20).is_err(),
            "the other thread of the cycle gives up too"
        );
        assert!(graph.acquired(1, 20).is_ok(), "once");
    }

    #[test]
    fn waiting_for_a_lock_held_by_a_running_thread_is_fine() {
        let graph = WaitGraph::default();
        graph.acquired(1, 10).unwrap();
        assert_eq!(graph.wait(2, 10), Ok(()));
        graph.released(10);
        graph.acquired(2, 10).unwrap();
        assert_eq!(graph.wait(1, 10), Ok(()));
    }

    #[test]
    fn a_cycle_through_three_threads_and_relocking_are_deadlocks() {
        let graph = WaitGraph::default();
        for (thread, lock) in [(1, 10), (2, 20), (3, 30)] {
            graph.acquired(thread, lock).unwrap();
        }
        assert_eq!(graph.wait(1, 20), Ok(()));
        assert_eq!(graph.wait(2, 30), Ok(()));
        assert_eq!(graph.wait(3, 10), Err(Deadlock { holder: 1 }));
        assert_eq!(graph.wait(2, 20), Err(Deadlock { holder: 2 }));
    }
}
