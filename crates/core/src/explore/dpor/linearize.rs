//! The simplest schedule of an execution's class: every order of its steps that keeps
//! happens-before reaches the same state, so the learner is shown the one with the fewest
//! preemptions (a switch away from a thread that could have gone on; switching at an await,
//! or away from a thread that waits for a lock, a join or another thread's write, is free).

use super::clock::Analysis;
use super::event::{Event, Obj, Op, SyncOp, Tid};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, VecDeque};

/// A search state: how many steps of each thread have run (packed by [`Radix`]), and who ran
/// last (`usize::MAX` before the first step).
type Key = (u128, usize);

/// Packs how many steps of each thread have run into one number, in mixed radix (thread `t`'s
/// digit runs from 0 to its number of steps): a search state is hashed and copied as one word.
struct Radix {
    /// Each thread's place value.
    place: Vec<u128>,
    /// Each thread's number of steps.
    steps: Vec<u16>,
}

impl Radix {
    /// `None` when the states do not fit in 128 bits.
    fn new(of_thread: &[Vec<usize>]) -> Option<Radix> {
        let mut place = Vec::with_capacity(of_thread.len());
        let mut next: u128 = 1;
        for mine in of_thread {
            place.push(next);
            next = next.checked_mul(mine.len() as u128 + 1)?;
        }
        let steps = of_thread.iter().map(|m| m.len() as u16).collect();
        Some(Radix { place, steps })
    }

    fn unpack(&self, key: u128, pos: &mut [u16]) {
        // In 64 bits where the key fits (all but the largest searches): a 128-bit division is
        // a call, a 64-bit one an instruction.
        if let Ok(key) = u64::try_from(key) {
            for (t, p) in pos.iter_mut().enumerate() {
                // (A place beyond 64 bits is beyond the key: its digit is 0.)
                let above = u64::try_from(self.place[t]).map_or(0, |place| key / place);
                *p = (above % (u64::from(self.steps[t]) + 1)) as u16;
            }
            return;
        }
        for (t, p) in pos.iter_mut().enumerate() {
            *p = ((key / self.place[t]) % (u128::from(self.steps[t]) + 1)) as u16;
        }
    }
}

struct Class<'a> {
    events: &'a [Event],
    analysis: &'a Analysis,
    /// Each thread's events, in order.
    of_thread: Vec<Vec<usize>>,
    /// For each lock event: the previous acquisition of that lock and its release, if any.
    previous_hold: Vec<Option<(usize, Option<usize>)>>,
    /// For each thread that ends waiting for a lock (a deadlock): the acquisition it waits out.
    waits_out: Vec<Option<usize>>,
}

impl<'a> Class<'a> {
    /// `tail`: the threads that end waiting for a lock, and the lock.
    fn new(
        events: &'a [Event],
        analysis: &'a Analysis,
        threads: usize,
        tail: &[(Tid, Obj)],
    ) -> Self {
        let mut of_thread = vec![Vec::new(); threads];
        let mut holds: HashMap<Obj, (usize, Option<usize>)> = HashMap::new();
        let mut previous_hold = vec![None; events.len()];
        for (i, e) in events.iter().enumerate() {
            of_thread[e.tid].push(i);
            match e.op {
                Op::Lock(l) | Op::Sync(l, SyncOp::TryLocked) => {
                    previous_hold[i] = holds.get(&l).copied();
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
        let mut waits_out = vec![None; threads];
        for &(t, lock) in tail {
            waits_out[t] = holds.get(&lock).map(|&(acquired, _)| acquired);
        }
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

    /// A lower bound on the preemptions of every order of the class: a thread that never waits
    /// after its first step (no await, yield, join, lock or wakeup among the rest) is preempted
    /// whenever it is left between its first step and its last, so it is preempted at least
    /// once if a step of another thread must come between the two, and each preemption leaves
    /// one thread. (A quick test before searching for an order within a bound.)
    fn least_preemptions(&self) -> usize {
        let before = |a: usize, b: usize| self.analysis.before(self.events, a, b);
        let broken = |(t, mine): (usize, &Vec<usize>)| {
            let (Some(&first), Some(&last)) = (mine.first(), mine.last()) else {
                return false;
            };
            let never_waits = mine[1..].iter().all(|&k| {
                let e = &self.events[k];
                !matches!(e.op, Op::Await | Op::Yield | Op::Join(_) | Op::Lock(_))
                    && e.woken_by.is_none()
                    && e.enabled_by.is_none()
            });
            never_waits
                && (first + 1..last)
                    .any(|x| self.events[x].tid != t && before(first, x) && before(x, last))
        };
        self.of_thread
            .iter()
            .enumerate()
            .filter(|&m| broken(m))
            .count()
    }

    /// Whether leaving thread `t` now is a preemption.
    fn preempts(&self, pos: &[u16], t: usize) -> bool {
        let Some(&next) = self.of_thread[t].get(pos[t] as usize) else {
            // Done, or about to wait forever: leaving it is a preemption only while the lock
            // it will wait for is still free.
            return self.waits_out[t].is_some_and(|a| !self.done(pos, a));
        };
        let e = &self.events[next];
        let waits = match e.op {
            Op::Await | Op::Yield => true,
            Op::Join(u) => (pos[u as usize] as usize) < self.of_thread[u as usize].len(),
            Op::Lock(_) => self.previous_hold[next].is_some_and(|(lock, unlock)| {
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
    tail: &[(Tid, Obj)],
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

/// The order in which `events` ran, and the preemptions it takes.
pub(crate) fn own_order(
    events: &[Event],
    analysis: &Analysis,
    threads: usize,
    tail: &[(Tid, Obj)],
) -> (Vec<usize>, usize) {
    let given: Vec<usize> = (0..events.len()).collect();
    let marks = preemptions(events, analysis, threads, tail, &given);
    let cost = marks.iter().flatten().count();
    (given, cost)
}

/// The states a search makes room for at its start.
const STATES: usize = 512;

/// The order of `events` with the fewest preemptions that keeps happens-before, and that
/// number; `None` if every such order takes more than `at_most`. (Where the search's states do
/// not fit in 128 bits, dozens of threads, it is the execution's own order.)
pub(crate) fn simplest(
    events: &[Event],
    analysis: &Analysis,
    threads: usize,
    tail: &[(Tid, Obj)],
    at_most: usize,
) -> Option<(Vec<usize>, usize)> {
    let class = Class::new(events, analysis, threads, tail);
    if class.least_preemptions() > at_most {
        return None;
    }
    let Some(radix) = Radix::new(&class.of_thread) else {
        // Too many states to number (dozens of threads): the execution's own order.
        let (given, cost) = own_order(events, analysis, threads, tail);
        return (cost <= at_most).then_some((given, cost));
    };
    let start: Key = (0, usize::MAX);
    // Room for the few hundred states a search usually meets, so that it rarely grows.
    let mut best: FxHashMap<Key, (usize, Option<(Key, usize)>)> =
        FxHashMap::with_capacity_and_hasher(STATES, Default::default());
    best.insert(start, (0, None));
    let mut queue = VecDeque::from([start]);
    let total = events.len();
    let mut pos = vec![0u16; threads];
    while let Some(key) = queue.pop_front() {
        let (cost, _) = best[&key];
        let (packed, last) = key;
        radix.unpack(packed, &mut pos);
        if pos.iter().map(|&p| p as usize).sum::<usize>() == total {
            let mut order = Vec::with_capacity(total);
            let mut at = key;
            while let Some(&(_, Some((parent, event)))) = best.get(&at) {
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
            if !class.ready(&pos, next) {
                continue;
            }
            let step = usize::from(last != usize::MAX && last != t && class.preempts(&pos, last));
            let cost2 = cost + step;
            if cost2 > at_most {
                continue;
            }
            let key2 = (packed + radix.place[t], t);
            if best.get(&key2).is_some_and(|&(c, _)| c <= cost2) {
                continue;
            }
            best.insert(key2, (cost2, Some((key, next))));
            if step == 0 {
                queue.push_front(key2);
            } else {
                queue.push_back(key2);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_update_takes_a_preemption_and_one_thread_after_the_other_none() {
        use crate::explore::dpor::clock::analyse;
        // Both load before either stores: thread 2's store must come between thread 1's load
        // and store, or thread 1's between thread 2's.
        let lost = [
            Event::test(1, Op::Read(0)),
            Event::test(2, Op::Read(0)),
            Event::test(1, Op::Write(0)),
            Event::test(2, Op::Write(0)),
        ];
        let analysis = analyse(&lost, 3);
        let class = Class::new(&lost, &analysis, 3, &[]);
        assert_eq!(class.least_preemptions(), 1);
        assert_eq!(simplest(&lost, &analysis, 3, &[], 0), None);
        assert_eq!(simplest(&lost, &analysis, 3, &[], 1).map(|s| s.1), Some(1));
        // The same steps, thread 2's load after thread 1's store: one thread after the other.
        let serial = [lost[0], lost[2], lost[1], lost[3]];
        let analysis = analyse(&serial, 3);
        assert_eq!(
            Class::new(&serial, &analysis, 3, &[]).least_preemptions(),
            0
        );
        assert_eq!(
            simplest(&serial, &analysis, 3, &[], 0).map(|s| s.1),
            Some(0)
        );
        // Three loads before three stores: threads 2 and 3 are both broken, and two
        // preemptions are what the simplest order takes.
        let (r, w) = (Op::Read(0), Op::Write(0));
        let three = [1, 2, 3].map(|t| Event::test(t, r));
        let three = [three, [1, 2, 3].map(|t| Event::test(t, w))].concat();
        let analysis = analyse(&three, 4);
        assert_eq!(Class::new(&three, &analysis, 4, &[]).least_preemptions(), 2);
        assert_eq!(simplest(&three, &analysis, 4, &[], 1), None);
        assert_eq!(simplest(&three, &analysis, 4, &[], 9).map(|s| s.1), Some(2));
    }

    #[test]
    fn positions_pack_into_one_number_and_back_while_they_fit() {
        let of_thread = vec![vec![0, 1, 2], vec![], vec![3, 4]];
        let radix = Radix::new(&of_thread).expect("fits");
        let mut pos = vec![0u16; 3];
        let packed = 2 * radix.place[0] + radix.place[2];
        radix.unpack(packed, &mut pos);
        assert_eq!(pos, vec![2, 0, 1]);
        radix.unpack(packed + radix.place[2], &mut pos);
        assert_eq!(pos, vec![2, 0, 2]);
        // 20 threads of 15 steps: 16^20 states, beyond 64 bits (a key above 64 bits unpacks in
        // 128, one below in 64, where the higher places' digits are 0).
        let of_thread = vec![vec![0; 15]; 20];
        let radix = Radix::new(&of_thread).expect("fits in 128 bits");
        let mut pos = vec![0u16; 20];
        for last in [3u16, 15] {
            let want: Vec<u16> = (0..20)
                .map(|t| if t == 19 { last } else { t as u16 % 16 })
                .collect();
            let packed: u128 = (0..20).map(|t| u128::from(want[t]) * radix.place[t]).sum();
            assert!(packed > u128::from(u64::MAX));
            radix.unpack(packed, &mut pos);
            assert_eq!(pos, want);
        }
        let low = 7 * radix.place[1] + 2;
        radix.unpack(low, &mut pos);
        assert_eq!(&pos[..3], &[2, 7, 0]);
        assert!(pos[3..].iter().all(|&p| p == 0));
        // 40 threads of 20 steps: 21^40 states, more than 128 bits number.
        assert!(Radix::new(&vec![vec![0; 20]; 40]).is_none());
    }
}
