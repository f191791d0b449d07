//! Thread symmetry (after GenMC's symmetry reduction, as a hold on the scheduler): lab threads
//! that run the same code from the same state are explored once per orbit, not once per
//! numbering.
//!
//! Lab threads `t` and `u = t + 1` are *twins* while every step they took was identical: the
//! same step that writes nothing (or an increment nobody reads back, which commutes with its
//! twin's), reading the same write. Twins are in the same state, so
//! they have the same next step; `u` is held until `t` has taken it. That hold is a step that
//! waits for another (as a lock waits for its unlock): the step `u` takes after it happens
//! after `t`'s, whatever the schedule ([`super::clock`] orders it so), and is no race. So of
//! every execution the checker explores only the renaming in which, at the first step where
//! two adjacent threads differ, the lower one goes first; each renaming class of Mazurkiewicz
//! classes (an orbit) is explored once, and its size (n! over the factorials of the groups of
//! threads identical to the end) says how many Mazurkiewicz classes it stands for.
//!
//! Sound only where the threads differ in nothing but their numbers, which the lab says
//! ([`crate::Lab::symmetric`]) and the checker watches: a thread that asks for its number
//! ends the reduction ([`super::board::named_thread`]).

use super::event::{Obj, Op, SyncOp, Tid};

/// What makes a step identical to another: its operation and, for a read, the write it read.
type Identity = Option<(Op, Option<usize>)>;

/// The twins of one execution.
#[derive(Debug, Default)]
pub(crate) struct Twins {
    /// The last lab thread (lab threads are 1 to `last`); 0 when the reduction is off.
    last: Tid,
    /// Per thread, its steps so far: the event and its identity.
    steps: Vec<Vec<(usize, Identity)>>,
    /// `twin[u]`: every step `u` and `u - 1` both took was identical.
    twin: Vec<bool>,
    /// Per object, the last event that changed it.
    last_write: Vec<Option<usize>>,
    /// Per object, the last event that touched it but an increment nobody reads back.
    last_other: Vec<Option<usize>>,
}

impl Twins {
    /// For an execution of lab threads 1 to `threads`, none of whose steps are held when
    /// `on` is false.
    #[cfg(test)]
    pub fn new(on: bool, threads: usize) -> Self {
        let mut twins = Twins::default();
        twins.reset(if on { threads } else { 0 });
        twins
    }

    /// Starts an execution of symmetric lab threads 1 to `threads` (none: 0), keeping the
    /// room the last one took.
    pub fn reset(&mut self, threads: usize) {
        self.last = threads;
        self.steps.resize_with(threads + 1, Vec::new);
        self.steps.iter_mut().for_each(Vec::clear);
        self.twin.clear();
        self.twin.extend((0..=threads).map(|u| u >= 2));
        self.last_write.clear();
        self.last_other.clear();
    }

    /// Whether any thread may be held.
    pub fn on(&self) -> bool {
        self.last >= 2
    }

    /// Whether thread `u` must wait for its twin's next step (while its twin can take it).
    pub fn held(&self, u: Tid) -> bool {
        u >= 2 && u <= self.last && self.twin[u] && self.steps[u].len() == self.steps[u - 1].len()
    }

    /// The step of `u`'s twin that `u`'s next step waits for, when its twin has taken it.
    pub fn twin_step(&self, u: Tid) -> Option<usize> {
        if u < 2 || u > self.last || !self.twin[u] {
            return None;
        }
        self.steps[u - 1].get(self.steps[u].len()).map(|s| s.0)
    }

    /// Event `index` was thread `tid`'s step `op` (`released`: a spinning thread's extra read).
    /// Returns the event it was held for: its twin's identical-so-far step at the same place.
    #[inline]
    pub fn ran(&mut self, index: usize, tid: Tid, op: Op, released: bool) -> Option<usize> {
        if !self.on() {
            return None;
        }
        let identity = match op {
            _ if released => None,
            Op::Start | Op::Yield => Some((op, None)),
            // Increments nobody reads back commute: two twins' are alike where no other access
            // of the cell came between them (then no step saw one and not the other).
            Op::Add(o) => Some((op, at(&self.last_other, o))),
            Op::Read(o) | Op::Sync(o, SyncOp::TryLockFailed) => Some((op, at(&self.last_write, o))),
            _ => None,
        };
        if let Some(o) = op.object() {
            if identity.is_none() || matches!(op, Op::Add(_)) {
                set(&mut self.last_write, o, index);
            }
            if !matches!(op, Op::Add(_)) {
                set(&mut self.last_other, o, index);
            }
        }
        if tid == 0 || tid > self.last {
            return None;
        }
        let at = self.steps[tid].len();
        self.steps[tid].push((index, identity));
        if tid < 2 || !self.twin[tid] {
            return None;
        }
        match self.steps[tid - 1].get(at) {
            Some(&(before, theirs)) => {
                self.twin[tid] = identity.is_some() && identity == theirs;
                Some(before)
            }
            // It went first (its twin could not move): they are no longer alike.
            None => {
                self.twin[tid] = false;
                None
            }
        }
    }

    /// How many Mazurkiewicz classes this execution's class stands for: the number of ways to
    /// number its lab threads, n! over the factorial of each group of threads identical to the
    /// end (renaming those changes nothing).
    pub fn orbit(&self) -> u64 {
        if self.last < 2 {
            return 1;
        }
        let (mut orbit, mut run) = (1u64, 1u64);
        for u in 2..=self.last {
            let tied = self.twin[u] && self.steps[u].len() == self.steps[u - 1].len();
            run = if tied { run + 1 } else { 1 };
            // Multiply by u, divide by the run: n! / prod(m!) built one thread at a time.
            orbit = orbit * u as u64 / run;
        }
        orbit
    }
}

/// Entry `o` of `by_object`.
fn at(by_object: &[Option<usize>], o: Obj) -> Option<usize> {
    by_object.get(o as usize).copied().flatten()
}

/// Sets entry `o` of `by_object` to `index`.
fn set(by_object: &mut Vec<Option<usize>>, o: Obj, index: usize) {
    let o = o as usize;
    if by_object.len() <= o {
        by_object.resize(o + 1, None);
    }
    by_object[o] = Some(index);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Symmetric lab threads 1 to `threads`, each of which took its first step (in order).
    fn started(threads: usize) -> Twins {
        let mut twins = Twins::new(true, threads);
        for tid in 1..=threads {
            twins.ran(tid - 1, tid, Op::Start, false);
        }
        twins
    }

    #[test]
    fn a_twin_waits_for_the_same_step_and_parts_at_a_write() {
        let mut twins = Twins::new(true, 3);
        assert!(!twins.held(1));
        assert!(twins.held(2), "2 waits for 1's first step");
        assert_eq!(twins.ran(0, 1, Op::Start, false), None);
        assert!(!twins.held(2) && twins.held(3));
        assert_eq!(twins.ran(1, 2, Op::Start, false), Some(0));
        assert_eq!(twins.ran(2, 1, Op::Read(0), false), None);
        assert_eq!(
            twins.ran(3, 2, Op::Read(0), false),
            Some(2),
            "the same write read"
        );
        assert_eq!(twins.ran(4, 1, Op::Write(0), false), None);
        assert!(!twins.held(2), "1 took the step first");
        assert_eq!(twins.twin_step(2), Some(4));
        assert_eq!(twins.ran(5, 2, Op::Write(0), false), Some(4));
        assert_eq!(twins.twin_step(2), None, "writes part twins");
        assert!(!twins.held(3), "2 is ahead of 3");
        assert_eq!(twins.twin_step(3), Some(1), "3's start follows 2's");
    }

    #[test]
    fn an_orbit_counts_the_numberings_of_threads_alike_to_the_end() {
        let mut twins = started(4);
        assert_eq!(
            twins.orbit(),
            1,
            "four threads that only started are one numbering"
        );
        twins.ran(4, 3, Op::Write(0), false);
        // 1 and 2 alike, 3 apart, 4 behind 3: 4! / 2! numberings.
        assert_eq!(twins.orbit(), 12);
    }

    #[test]
    fn increments_nobody_reads_back_keep_twins_alike_and_change_what_a_read_reads() {
        let mut twins = started(2);
        twins.ran(2, 1, Op::Add(0), false);
        assert_eq!(twins.ran(3, 2, Op::Add(0), false), Some(2));
        assert!(twins.held(2), "still alike");
        assert_eq!(twins.orbit(), 1);
        twins.ran(4, 1, Op::Read(0), false);
        twins.ran(5, 0, Op::Add(0), false);
        assert_eq!(twins.ran(6, 2, Op::Read(0), false), Some(4));
        assert_eq!(
            twins.orbit(),
            2,
            "they read before and after another increment"
        );
        // Increments on either side of a load are not alike: the load saw one of them.
        let mut twins = started(2);
        twins.ran(2, 1, Op::Add(0), false);
        twins.ran(3, 0, Op::Read(0), false);
        assert_eq!(twins.ran(4, 2, Op::Add(0), false), Some(2));
        assert_eq!(twins.orbit(), 2);
    }

    #[test]
    fn reads_of_different_writes_part_twins() {
        let mut twins = started(2);
        twins.ran(2, 1, Op::Read(0), false);
        twins.ran(3, 0, Op::Write(0), false);
        assert_eq!(twins.ran(4, 2, Op::Read(0), false), Some(2));
        assert!(!twins.held(2));
        assert_eq!(twins.orbit(), 2);
    }

    #[test]
    fn off_it_holds_nothing_and_counts_one() {
        let mut twins = Twins::new(false, 4);
        assert!(!(1..=4).any(|u| twins.held(u)));
        assert_eq!(twins.ran(0, 2, Op::Start, false), None);
        assert_eq!(twins.orbit(), 1);
    }
}
