//! Happens-before as vector clocks, and the races of an execution: pairs of dependent steps of
//! two threads that no other step orders, so that they could have run the other way round.

use super::event::{ordered, Event, Op};
use std::collections::HashMap;

/// A vector clock: for each thread, how many of its steps happen before (and including) a step.
pub(crate) type VClock = Vec<u32>;

/// Happens-before of one execution, and its reversible races.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// The clock of each event.
    pub clocks: Vec<VClock>,
    /// `(e, e2)`: `e` runs first, and `e2` could have run before it.
    pub races: Vec<(usize, usize)>,
}

impl Analysis {
    /// Whether event `a` happens before event `b` (or is `b`).
    pub fn before(&self, events: &[Event], a: usize, b: usize) -> bool {
        let t = events[a].tid;
        self.clocks[b][t] >= self.clocks[a][t]
    }
}

fn join(into: &mut VClock, from: &VClock) {
    for (a, b) in into.iter_mut().zip(from) {
        *a = (*a).max(*b);
    }
}

/// Whether the dependent pair `(earlier, later)` is a race that can be reversed. An unlock and
/// the lock that follows it cannot: the lock waited for it. Two acquisitions of one lock can (the
/// Source Sets paper's and Nidhugg's treatment of mutexes).
fn reversible(earlier: Op, later: Op) -> bool {
    !matches!((earlier, later), (Op::Unlock(_), _) | (_, Op::Unlock(_)))
}

/// Computes every event's clock and every race of `events`, run by `threads` threads.
pub(crate) fn analyse(events: &[Event], threads: usize) -> Analysis {
    let mut clocks: Vec<VClock> = Vec::with_capacity(events.len());
    let mut last_of: Vec<Option<usize>> = vec![None; threads];
    let mut spawned_at: Vec<Option<usize>> = vec![None; threads];
    let mut last_unlock: HashMap<usize, usize> = HashMap::new();
    let mut races = Vec::new();
    for (i, e) in events.iter().enumerate() {
        // What orders this event whatever the schedule: its thread's previous step (or its
        // spawn), the end of a joined thread, the write that woke it from a spin.
        let mut base = vec![0; threads];
        let program = last_of[e.tid].or(spawned_at[e.tid]);
        let joined = match e.op {
            Op::Join(u) => last_of.get(u).copied().flatten(),
            _ => None,
        };
        for source in [program, joined, e.woken_by].into_iter().flatten() {
            join(&mut base, &clocks[source]);
        }
        let dependent: Vec<usize> = (0..i)
            .filter(|&j| events[j].tid != e.tid && events[j].op.dependent(e.op))
            .collect();
        // A lock waited for the release before it: that orders it after everything the
        // releasing thread did, except the acquisition it races with.
        let mut released = base.clone();
        if let Op::Lock(l) = e.op {
            if let Some(&u) = last_unlock.get(&l) {
                join(&mut released, &clocks[u]);
            }
        }
        for &j in &dependent {
            let seen = if events[j].op == e.op {
                &base
            } else {
                &released
            };
            if !reversible(events[j].op, e.op) || clocks[j][events[j].tid] <= seen[events[j].tid] {
                continue;
            }
            let through_other = dependent.iter().any(|&k| {
                k != j
                    && reversible(events[k].op, e.op)
                    && clocks[k][events[j].tid] >= clocks[j][events[j].tid]
            });
            if !through_other {
                races.push((j, i));
            }
        }
        let mut clock = base;
        for &j in &dependent {
            join(&mut clock, &clocks[j]);
        }
        if let Op::Lock(l) = e.op {
            if let Some(&u) = last_unlock.get(&l) {
                join(&mut clock, &clocks[u]);
            }
        }
        clock[e.tid] = last_of[e.tid].map_or(0, |p| clocks[p][e.tid]) + 1;
        if let Op::Unlock(l) = e.op {
            last_unlock.insert(l, i);
        }
        if let Op::Spawn(t) = e.op {
            if let Some(slot) = spawned_at.get_mut(t) {
                *slot = Some(i);
            }
        }
        last_of[e.tid] = Some(i);
        clocks.push(clock);
    }
    let analysis = Analysis { clocks, races };
    debug_assert!(analysis
        .races
        .iter()
        .all(|&(j, i)| ordered(&events[j], &events[i])));
    analysis
}

/// The events after `e` that do not happen after it, then `e2`: the start of an execution in
/// which `e2` runs before `e` (the paper's `notdep(e, E).e2`).
pub(crate) fn reversal(events: &[Event], analysis: &Analysis, e: usize, e2: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (e + 1..events.len())
        .filter(|&k| k != e2 && !analysis.before(events, e, k))
        .collect();
    v.push(e2);
    v
}
