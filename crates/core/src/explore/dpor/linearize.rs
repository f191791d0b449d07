//! The simplest schedule of an execution's class: every order of its steps that keeps
//! happens-before reaches the same state, so the learner is shown the one with the fewest
//! preemptions (a switch away from a thread that could have gone on; switching at an await,
//! or away from a thread that waits for a lock, a join or another thread's write, is free).

use super::clock::Analysis;
use super::event::{Event, Op, SyncOp};
use std::collections::{HashMap, VecDeque};

/// A search state: how many steps of each thread have run, and who ran last.
type Key = (Vec<u16>, usize);

struct Class<'a> {
    events: &'a [Event],
    analysis: &'a Analysis,
    /// Each thread's events, in order.
    of_thread: Vec<Vec<usize>>,
    /// For a lock event: the previous acquisition of that lock and its release, if any.
    previous_hold: HashMap<usize, (usize, Option<usize>)>,
    /// For a thread that ends waiting for a lock (a deadlock): the acquisition it waits out.
    waits_out: HashMap<usize, usize>,
}

impl<'a> Class<'a> {
    /// `tail`: the threads that end waiting for a lock, and the lock.
    fn new(
        events: &'a [Event],
        analysis: &'a Analysis,
        threads: usize,
        tail: &[(usize, usize)],
    ) -> Self {
        let mut of_thread = vec![Vec::new(); threads];
        let mut holds: HashMap<usize, (usize, Option<usize>)> = HashMap::new();
        let mut previous_hold = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            of_thread[e.tid].push(i);
            match e.op {
                Op::Lock(l) | Op::Sync(l, SyncOp::TryLocked) => {
                    if let Some(&hold) = holds.get(&l) {
                        previous_hold.insert(i, hold);
                    }
                    holds.insert(l, (i, None));
                }
                Op::Unlock(l) => {
                    if let Some(hold) = holds.get_mut(&l) {
                        hold.1 = Some(i);
                    }
                }
                _ => {}
            }
        }
        let waits_out = tail
            .iter()
            .filter_map(|&(t, lock)| holds.get(&lock).map(|&(acquired, _)| (t, acquired)))
            .collect();
        Class {
            events,
            analysis,
            of_thread,
            previous_hold,
            waits_out,
        }
    }

    fn done(&self, pos: &[u16], event: usize) -> bool {
        let t = self.events[event].tid;
        self.analysis.clock(event)[t] as usize <= pos[t] as usize
    }

    /// Whether `event` can run now without breaking happens-before.
    fn ready(&self, pos: &[u16], event: usize) -> bool {
        let clock = self.analysis.clock(event);
        let own = self.events[event].tid;
        clock
            .iter()
            .enumerate()
            .all(|(t, &c)| t == own || pos[t] as u32 >= c)
    }

    /// Whether leaving thread `t` now is a preemption.
    fn preempts(&self, pos: &[u16], t: usize) -> bool {
        let Some(&next) = self.of_thread[t].get(pos[t] as usize) else {
            // Done, or about to wait forever: leaving it is a preemption only while the lock
            // it will wait for is still free.
            return self.waits_out.get(&t).is_some_and(|&a| !self.done(pos, a));
        };
        let e = &self.events[next];
        let waits = match e.op {
            Op::Await | Op::Yield => true,
            Op::Join(u) => (pos[u] as usize) < self.of_thread[u].len(),
            Op::Lock(_) => self
                .previous_hold
                .get(&next)
                .is_some_and(|&(lock, unlock)| {
                    self.done(pos, lock) && !unlock.is_some_and(|u| self.done(pos, u))
                }),
            _ => false,
        };
        let spinning = (e.woken_by.into_iter().chain(e.enabled_by)).any(|w| !self.done(pos, w));
        !(waits || spinning)
    }
}

/// The preemptions `order` (a permutation of the events) takes: for each of its events, the
/// thread that event's thread preempts, if it does.
pub(crate) fn preemptions(
    events: &[Event],
    analysis: &Analysis,
    threads: usize,
    tail: &[(usize, usize)],
    order: &[usize],
) -> Vec<Option<usize>> {
    let class = Class::new(events, analysis, threads, tail);
    let mut pos = vec![0u16; threads];
    let mut last: Option<usize> = None;
    order
        .iter()
        .map(|&i| {
            let t = events[i].tid;
            let preempted = last.filter(|&l| l != t && class.preempts(&pos, l));
            pos[t] += 1;
            last = Some(t);
            preempted
        })
        .collect()
}

/// The order of `events` with the fewest preemptions that keeps happens-before, and that
/// number; `None` if every such order takes more than `at_most`.
pub(crate) fn simplest(
    events: &[Event],
    analysis: &Analysis,
    threads: usize,
    tail: &[(usize, usize)],
    at_most: usize,
) -> Option<(Vec<usize>, usize)> {
    let class = Class::new(events, analysis, threads, tail);
    let start: Key = (vec![0; threads], usize::MAX);
    let mut best: HashMap<Key, (usize, Option<(Key, usize)>)> = HashMap::new();
    best.insert(start.clone(), (0, None));
    let mut queue = VecDeque::from([start]);
    let total = events.len();
    while let Some(key) = queue.pop_front() {
        let (cost, _) = best[&key];
        let (pos, last) = &key;
        if pos.iter().map(|&p| p as usize).sum::<usize>() == total {
            let mut order = Vec::with_capacity(total);
            let mut at = key.clone();
            while let Some((_, Some((parent, event)))) = best.get(&at).cloned() {
                order.push(event);
                at = parent;
            }
            order.reverse();
            return Some((order, cost));
        }
        for (t, mine) in class.of_thread.iter().enumerate() {
            let Some(&next) = mine.get(pos[t] as usize) else {
                continue;
            };
            if !class.ready(pos, next) {
                continue;
            }
            let step = usize::from(*last != usize::MAX && *last != t && class.preempts(pos, *last));
            let cost2 = cost + step;
            if cost2 > at_most {
                continue;
            }
            let mut pos2 = pos.clone();
            pos2[t] += 1;
            let key2 = (pos2, t);
            if best.get(&key2).is_some_and(|&(c, _)| c <= cost2) {
                continue;
            }
            best.insert(key2.clone(), (cost2, Some((key.clone(), next))));
            if step == 0 {
                queue.push_front(key2);
            } else {
                queue.push_back(key2);
            }
        }
    }
    None
}
