//! Starvation, measured: how many times other threads took a lock, semaphore or read-write lock
//! while one thread waited for it (its *bypass*, Lynch's "bounded bypass"), the worst over the
//! interleavings of one execution's class.
//!
//! Nothing records when a thread starts to ask for a lock: it may ask the moment its previous
//! step ends. So the worst interleaving of a class has it ask then, and every take of the same
//! object by another thread that comes before its own, and need not come before that previous
//! step, bypasses it. Takes of one object are dependent, so happens-before orders them all and
//! this count is the same for every interleaving of the class: exploring one execution per
//! class finds the worst of every execution. Three refinements, from what waiting means:
//! - a `try_lock` or `try_acquire` never waits (though it bypasses those that do);
//! - a FIFO semaphore's queue is its doorway: a thread that joins the queue waits from there
//!   (only those ahead of it pass), and one that takes a permit without queueing never waited;
//! - a reader waits only for writers: readers sharing a read-write lock bypass nobody reading.

use super::clock::Analysis;
use super::event::{Event, Obj, Op, SyncOp, Tid};

/// The worst bypass of one take in an execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bypassed {
    /// The object taken.
    pub obj: Obj,
    /// How many times others took it while the thread waited.
    pub times: u64,
    /// The thread that waited.
    pub waiter: Tid,
    /// The waiter's step before it asked (none: it asked as it started).
    pub asked_after: Option<usize>,
}

/// For each object, the take of `events` that was bypassed most (the first of equals), if any
/// was bypassed at all; `doorway(o)` says whether `o` is a FIFO semaphore.
pub(crate) fn worst(
    events: &[Event],
    analysis: &Analysis,
    doorway: impl Fn(Obj) -> bool,
) -> Vec<Bypassed> {
    // Every take so far, of every object, in order (few objects: one list serves them all).
    let mut takes: Vec<(Obj, usize)> = Vec::with_capacity(events.len());
    let mut last_of: Vec<Option<usize>> = Vec::new();
    let mut worst: Vec<Option<Bypassed>> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let previous = last_of.get(e.tid).copied().flatten();
        if last_of.len() <= e.tid {
            last_of.resize(e.tid + 1, None);
        }
        last_of[e.tid] = Some(i);
        let Some(o) = e.op.object().filter(|_| e.takes) else {
            continue;
        };
        let slot = o as usize;
        if worst.len() <= slot {
            worst.resize(slot + 1, None);
        }
        let waited = match e.op {
            Op::Sync(_, SyncOp::TryLocked | SyncOp::TryAcquire) => false,
            Op::Sync(_, SyncOp::Acquire) => !doorway(o),
            _ => true,
        };
        if waited {
            let reads = e.op == Op::Sync(o, SyncOp::Read);
            // Takes of one object are ordered: count back to the first that came before the
            // waiter asked (its own earlier takes among them).
            let times = (takes.iter().rev())
                .filter(|t| t.0 == o)
                .take_while(|&&(_, j)| previous.is_none_or(|p| !analysis.before(events, j, p)))
                .filter(|&&(_, j)| !reads || events[j].op == Op::Sync(o, SyncOp::Write))
                .count() as u64;
            if times > worst[slot].map_or(0, |w| w.times) {
                worst[slot] = Some(Bypassed {
                    obj: o,
                    times,
                    waiter: e.tid,
                    asked_after: previous,
                });
            }
        }
        takes.push((o, i));
    }
    worst.into_iter().flatten().collect()
}

/// An order of `events` in which the waiter of `bypassed` asks as early as it can: everything
/// that happens before its step `asked_after` first, then the rest, each in execution order.
pub(crate) fn order(events: &[Event], analysis: &Analysis, bypassed: &Bypassed) -> Vec<usize> {
    let all = 0..events.len();
    let Some(p) = bypassed.asked_after else {
        return all.collect();
    };
    let (mut first, rest): (Vec<usize>, Vec<usize>) =
        all.partition(|&k| analysis.before(events, k, p));
    first.extend(rest);
    first
}

#[cfg(test)]
mod tests {
    use super::super::clock::analyse;
    use super::*;

    fn event(tid: Tid, op: Op) -> Event {
        Event::test(tid, op)
    }

    fn bypass(events: &[Event], fifo: bool) -> Vec<(Obj, u64, Tid)> {
        let analysis = analyse(events, 4);
        (worst(events, &analysis, |_| fifo).iter())
            .map(|b| (b.obj, b.times, b.waiter))
            .collect()
    }

    #[test]
    fn every_take_of_a_lock_after_a_threads_last_step_bypasses_it() {
        // t1 starts; t2 takes the lock twice; then t1 takes it: t1 may have asked before
        // both of t2's takes.
        let events = [
            event(1, Op::Start),
            event(2, Op::Lock(0)),
            event(2, Op::Unlock(0)),
            event(2, Op::Lock(0)),
            event(2, Op::Unlock(0)),
            event(1, Op::Lock(0)),
        ];
        assert_eq!(bypass(&events, false), vec![(0, 2, 1)]);
    }

    #[test]
    fn a_take_that_came_before_the_waiters_last_step_did_not_bypass_it() {
        // t2's first take is ordered before t1's write of cell 1 (t2 wrote it first): t1 can
        // only have asked after it.
        let events = [
            event(2, Op::Lock(0)),
            event(2, Op::Write(1)),
            event(2, Op::Unlock(0)),
            event(1, Op::Write(1)),
            event(2, Op::Lock(0)),
            event(2, Op::Unlock(0)),
            event(1, Op::Lock(0)),
        ];
        assert_eq!(bypass(&events, false), vec![(0, 1, 1)]);
    }

    #[test]
    fn only_those_ahead_in_a_fifo_queue_bypass_a_queued_thread() {
        // t1 and t2 queue; t3 releases to t1, then t1 to t2: t2 was bypassed once, t1 never.
        let events = [
            event(1, Op::Sync(0, SyncOp::Acquire)),
            event(2, Op::Sync(0, SyncOp::Acquire)),
            event(3, Op::Sync(0, SyncOp::Release)),
            event(1, Op::Sync(0, SyncOp::Granted)),
            event(1, Op::Sync(0, SyncOp::Release)),
            event(2, Op::Sync(0, SyncOp::Granted)),
        ];
        assert_eq!(bypass(&events, true), vec![(0, 1, 2)]);
    }

    #[test]
    fn readers_do_not_bypass_a_reader_but_do_bypass_a_writer() {
        let events = [
            event(1, Op::Start),
            event(2, Op::Start),
            event(3, Op::Sync(0, SyncOp::Read)),
            event(3, Op::Sync(0, SyncOp::ReadUnlock)),
            event(1, Op::Sync(0, SyncOp::Read)),
            event(1, Op::Sync(0, SyncOp::ReadUnlock)),
            event(2, Op::Sync(0, SyncOp::Write)),
        ];
        assert_eq!(bypass(&events, false), vec![(0, 2, 2)]);
        let analysis = analyse(&events, 4);
        let worst = worst(&events, &analysis, |_| false)[0];
        assert_eq!(order(&events, &analysis, &worst), vec![1, 0, 2, 3, 4, 5, 6]);
    }
}
