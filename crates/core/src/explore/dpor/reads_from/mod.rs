//! Reads-from equivalence: one execution per class of executions in which every read reads
//! from the same write, after Abdulla, Atig, Jonsson, Lång, Ngo and Sagonas, "Optimal Stateless
//! Model Checking for Reads-From Equivalence under Sequential Consistency" (OOPSLA 2019).
//!
//! Each read gets a [`Decision`] when it first runs. At the end of every execution, each load
//! is offered every other write it could read from; a lock's acquisition stands for who takes
//! the release it read, and that release is offered to the acquisition that took its own
//! release next (or to a thread that waited for the lock to the end). An offer that no sibling
//! of its decision has taken becomes a sibling: the events that its decision and the earlier
//! ones need (their causal past), ordered by [`verify`] so that each read reads from its
//! write, to be replayed and then run freely. The final value of every cell is read too, by a
//! reader after every thread, so that executions that leave different values are never one
//! class.
//!
//! Loads, stores, locks, spawns and joins are followed. An execution that does anything else
//! is not: a read-modify-write (`fetch_add`, `compare_exchange`: whose decisions, as the two
//! ways above mixed, would explore some classes twice), a waiting primitive, a spin, an await.
//! [`ReadsFrom::learn`] names it, and the exploration starts again with one execution per
//! Mazurkiewicz class. The oracle test (`crates/core/tests/dpor.rs`) checks both: generated
//! programs reach the brute force's final states in exactly one execution per reads-from
//! class, and give way where they should.

mod trace;
mod tree;
mod verify;

use super::board::Object;
use super::event::{Event, Op, Tid};
use super::model::Wait;
use super::scheduler::Stuck;
use rustc_hash::FxHashMap;
use std::collections::BinaryHeap;
use std::rc::Rc;
use trace::{contains, pasts, source_node, Ev, Kind, Pasts, READER};
use tree::{Decision, Unfolding, START};
use verify::{verify, Item, Source};

/// One event of a leaf: who runs it, its read's decision (if it keeps one), and whether its
/// read is fixed for good (it is in the past of a write that a decision reads from).
#[derive(Debug, Clone, Copy)]
struct Branch {
    tid: Tid,
    decision: Option<usize>,
    pinned: bool,
}

/// An execution to explore: the events to replay and the decision it takes.
struct Work {
    node: Rc<Decision>,
    leaf: Vec<Branch>,
    /// The order it was found in (the latest first among equally deep).
    seq: u64,
}

impl PartialEq for Work {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Work {}
impl PartialOrd for Work {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Work {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.node.depth, self.seq).cmp(&(other.node.depth, other.seq))
    }
}

/// An offer: the execution's events with a read or two reading elsewhere, and with some
/// decisions moved, as changes to the execution.
#[derive(Default)]
struct Offer {
    /// Events that read from another source.
    sources: Vec<(usize, Option<Source>)>,
    /// Events whose decision moves to another depth.
    depths: Vec<(usize, Option<usize>)>,
    /// Events whose reads are fixed from now on.
    pinned: Vec<usize>,
    /// A thread's acquisition of a lock it waited for to the end, now taking it (one past the
    /// execution's events).
    extra: Option<Ev>,
}

impl Offer {
    fn source(&self, all: &[&Ev], k: usize) -> Option<Source> {
        let changed = self.sources.iter().rev().find(|c| c.0 == k);
        changed.map_or(all[k].source, |c| c.1)
    }

    fn depth(&self, all: &[&Ev], k: usize) -> Option<usize> {
        let changed = self.depths.iter().rev().find(|c| c.0 == k);
        changed.map_or_else(|| all[k].depth(), |c| c.1)
    }

    fn pinned(&self, all: &[&Ev], k: usize) -> bool {
        all[k].pinned || self.pinned.contains(&k)
    }
}

/// The reads-from exploration: the executions still to explore and the one under way.
pub(crate) struct ReadsFrom {
    unfolding: Unfolding,
    queue: BinaryHeap<Work>,
    current: Work,
    /// The threads to run, in order, to replay the current leaf.
    replay: Vec<Tid>,
    found: u64,
}

impl Default for ReadsFrom {
    fn default() -> Self {
        ReadsFrom {
            unfolding: Unfolding::default(),
            queue: BinaryHeap::new(),
            current: Work {
                node: Decision::root(),
                leaf: Vec::new(),
                seq: 0,
            },
            replay: Vec::new(),
            found: 0,
        }
    }
}

impl ReadsFrom {
    /// The thread to run at step `i` of the execution under way: the leaf's, then the thread
    /// that ran last if it can, else the first that can. `Err` if the leaf's cannot run (the
    /// lab did not do what it did before).
    pub fn choose(&self, i: usize, enabled: &[(Tid, Op)], current: Option<Tid>) -> Result<Tid, ()> {
        let can = |t: Tid| enabled.iter().any(|e| e.0 == t);
        if let Some(&t) = self.replay.get(i) {
            return if can(t) { Ok(t) } else { Err(()) };
        }
        (current.filter(|&c| can(c)))
            .or_else(|| enabled.first().map(|e| e.0))
            .ok_or(())
    }

    /// Takes the next execution to explore; false when none is left.
    pub fn next(&mut self) -> bool {
        let Some(work) = self.queue.pop() else {
            return false;
        };
        self.replay = (work.leaf.iter())
            .filter(|b| b.tid != READER)
            .map(|b| b.tid)
            .collect();
        self.current = work;
        true
    }

    /// Learns from a finished execution (`stuck` if it ended with threads waiting; `objects`
    /// its cells and locks): each read's other possible writes become executions to explore.
    /// `Err` names the first step it cannot follow, or says the lab did not repeat its leaf.
    pub fn learn(
        &mut self,
        events: &[Event],
        stuck: Option<&Stuck>,
        objects: &[Object],
    ) -> Result<(), Unfollowed> {
        let mut evs = trace::trace(&mut self.unfolding, events, objects)?;
        self.decide(&mut evs)?;
        let past = pasts(&evs);
        for i in 0..evs.len() {
            let ev = &evs[i];
            if ev.reads() && !ev.pinned && ev.decision.is_some() {
                self.offers(&evs, &past, i, stuck);
            }
        }
        Ok(())
    }

    /// Gives each read its decision: the leaf's, or a new one below the last.
    fn decide(&mut self, evs: &mut [Ev]) -> Result<(), Unfollowed> {
        let leaf = &self.current.leaf;
        if leaf.len() > evs.len() {
            return Err(Unfollowed::Nondeterministic);
        }
        let mut deepest = self.current.node.clone();
        for (k, ev) in evs.iter_mut().enumerate() {
            if let Some(b) = leaf.get(k) {
                if b.tid != ev.tid {
                    return Err(Unfollowed::Nondeterministic);
                }
                ev.decision = b.decision.map(|d| self.current.node.at(d));
                ev.pinned = b.pinned;
            } else if ev.reads() {
                deepest = Decision::child(&deepest, ev.node);
                ev.decision = Some(deepest.clone());
            }
        }
        Ok(())
    }

    /// Offers load `i` every other write it could read from; lock acquisition `i`, the release
    /// it read to another taker.
    fn offers(&mut self, evs: &[Ev], past: &Pasts, i: usize, stuck: Option<&Stuck>) {
        let ev = &evs[i];
        let decision = ev.decision.clone().expect("a read with a decision");
        if ev.kind == Kind::Load {
            let stores: Vec<usize> = (0..evs.len())
                .filter(|&j| evs[j].obj == ev.obj && evs[j].kind == Kind::Store)
                .collect();
            // What must come before the load whatever it reads: a store there hides every
            // store before it, and the initial value.
            let mut before = vec![0u64; past.words];
            for &k in ev.before.iter().chain(&ev.after) {
                for (b, p) in before.iter_mut().zip(past.of(k)) {
                    *b |= p;
                }
            }
            let seen: Vec<usize> = stores
                .iter()
                .copied()
                .filter(|&j| contains(&before, j))
                .collect();
            let hidden = |j: Option<usize>| {
                (seen.iter()).any(|&w| Some(w) != j && j.is_none_or(|j| contains(past.of(w), j)))
            };
            let writes =
                (stores.iter().copied()).filter(|&j| !contains(past.of(j), i) && !hidden(Some(j)));
            let init = (!hidden(None)).then_some(Source::Init(ev.obj));
            let sources = init.into_iter().chain(writes.map(Source::Write));
            for source in sources.collect::<Vec<_>>() {
                if Some(source) == ev.source {
                    continue;
                }
                let read = (self.unfolding).node(ev.tid, ev.parent, source_node(evs, Some(source)));
                if !decision.try_take(read) {
                    continue;
                }
                let offer = Offer {
                    sources: vec![(i, Some(source))],
                    ..Offer::default()
                };
                self.try_offer(evs, offer, &decision);
            }
        }
        if ev.kind == Kind::Lock {
            self.hand_on(evs, i, &decision, stuck);
        }
    }

    /// A lock's decision is who takes the release that acquisition `i` read: offers it to the
    /// acquisition that took `i`'s own release (or, if none did, to each thread that waited for
    /// the lock to the end), which then reads what `i` read.
    fn hand_on(&mut self, evs: &[Ev], i: usize, decision: &Rc<Decision>, stuck: Option<&Stuck>) {
        let ev = &evs[i];
        let d = decision.depth;
        let release = (i + 1..evs.len())
            .find(|&u| evs[u].tid == ev.tid && evs[u].kind == Kind::Unlock && evs[u].obj == ev.obj);
        let Some(release) = release else {
            self.hand_to_a_waiter(evs, i, decision, stuck);
            return;
        };
        let taker = (release + 1..evs.len())
            .find(|&j| evs[j].kind == Kind::Lock && evs[j].source == Some(Source::Write(release)));
        let Some(j) = taker.filter(|&j| !evs[j].pinned && evs[j].depth() > Some(d)) else {
            return;
        };
        let moved = self
            .unfolding
            .node(evs[j].tid, evs[j].parent, source_node(evs, ev.source));
        if !decision.try_take(moved) {
            return;
        }
        let offer = Offer {
            sources: vec![(j, ev.source)],
            depths: vec![(i, evs[j].depth()), (j, Some(d))],
            ..Offer::default()
        };
        self.try_offer(evs, offer, decision);
    }

    /// Offers lock acquisition `i`, which no thread took after it, to each thread that waited
    /// for the lock to the end.
    fn hand_to_a_waiter(
        &mut self,
        evs: &[Ev],
        i: usize,
        decision: &Rc<Decision>,
        stuck: Option<&Stuck>,
    ) {
        let ev = &evs[i];
        let waiters = stuck
            .into_iter()
            .flat_map(|s| &s.waits)
            .filter_map(|w| match w.1 {
                Wait::Lock { lock, .. } if lock == ev.obj => Some(w.0),
                _ => None,
            });
        for b in waiters.collect::<Vec<_>>() {
            let before = (0..evs.len()).rev().find(|&k| evs[k].tid == b);
            let parent = before.map_or(START, |k| evs[k].node);
            let node = self.unfolding.node(b, parent, source_node(evs, ev.source));
            if !decision.try_take(node) {
                continue;
            }
            let offer = Offer {
                depths: vec![(i, None), (evs.len(), Some(decision.depth))],
                pinned: vec![i],
                extra: Some(Ev {
                    tid: b,
                    kind: Kind::Lock,
                    obj: ev.obj,
                    source: ev.source,
                    before,
                    after: Vec::new(),
                    node,
                    parent,
                    decision: None,
                    pinned: false,
                }),
                ..Offer::default()
            };
            self.try_offer(evs, offer, decision);
        }
    }

    /// Orders what `offer` needs up to `decision` and, if it is consistent, makes it a sibling
    /// of `decision` to explore.
    fn try_offer(&mut self, evs: &[Ev], offer: Offer, decision: &Rc<Decision>) {
        let d = decision.depth;
        let all: Vec<&Ev> = evs.iter().chain(offer.extra.as_ref()).collect();
        let n = all.len();
        // The events the decisions up to `d` need.
        let mut keep = vec![false; n];
        let mut stack: Vec<usize> = (0..n)
            .filter(|&k| offer.depth(&all, k).is_some_and(|x| x <= d))
            .collect();
        while let Some(k) = stack.pop() {
            if std::mem::replace(&mut keep[k], true) {
                continue;
            }
            let ev = all[k];
            stack.extend(ev.before);
            stack.extend(ev.after.iter().copied());
            if let Some(Source::Write(j)) = offer.source(&all, k) {
                stack.push(j);
            }
        }
        let kept: Vec<usize> = (0..n).filter(|&k| keep[k]).collect();
        let mut local = vec![usize::MAX; n];
        for (l, &k) in kept.iter().enumerate() {
            local[k] = l;
        }
        let reader = all
            .iter()
            .map(|e| e.tid)
            .filter(|&t| t != READER)
            .max()
            .unwrap_or(0)
            + 1;
        // The reader of final values comes after every thread's last event.
        let mut ends: FxHashMap<Tid, usize> = FxHashMap::default();
        for &k in kept.iter().filter(|&&k| all[k].tid != READER) {
            ends.insert(all[k].tid, local[k]);
        }
        let items: Vec<Item> = (kept.iter())
            .map(|&k| {
                let ev = all[k];
                let mut after: Vec<usize> = ev.after.iter().map(|&a| local[a]).collect();
                if ev.tid == READER && ev.before.is_none() {
                    after = ends.values().copied().collect();
                }
                Item {
                    thread: if ev.tid == READER { reader } else { ev.tid },
                    access: ev.access(offer.source(&all, k), |j| local[j]),
                    after,
                }
            })
            .collect();
        let Some(order) = verify(&items) else { return };
        let leaf: Vec<Branch> = (order.iter())
            .map(|&l| {
                let k = kept[l];
                let depth = offer.depth(&all, k);
                Branch {
                    tid: all[k].tid,
                    decision: depth.filter(|&x| x <= d),
                    pinned: all[k].reads()
                        && (offer.pinned(&all, k) || depth.is_some_and(|x| x > d)),
                }
            })
            .collect();
        self.found += 1;
        self.queue.push(Work {
            node: decision.sibling(),
            leaf,
            seq: self.found,
        });
    }
}

/// Why the reads-from exploration cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unfollowed {
    /// An execution took a step it does not follow (the step's word).
    Step(&'static str),
    /// The lab did not repeat a leaf.
    Nondeterministic,
}
