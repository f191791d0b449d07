//! Happens-before as vector clocks, and the races of an execution: pairs of dependent steps of
//! two threads that no other step orders, so that they could have run the other way round.

use super::event::{ordered, Event, Obj, Op, SyncOp, Tid};

/// Happens-before of one execution, and its reversible races.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// The clock of each event, one row of `width` entries per event.
    clocks: Vec<u32>,
    width: usize,
    /// `(e, e2)`: `e` runs first, and `e2` could have run before it.
    pub races: Vec<(usize, usize)>,
}

impl Analysis {
    /// The clock of event `i`.
    pub fn clock(&self, i: usize) -> &[u32] {
        &self.clocks[i * self.width..(i + 1) * self.width]
    }

    /// Whether event `a` happens before event `b` (or is `b`).
    pub fn before(&self, events: &[Event], a: usize, b: usize) -> bool {
        let t = events[a].tid;
        self.clock(b)[t] >= self.clock(a)[t]
    }
}

fn join(into: &mut [u32], from: &[u32]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a = (*a).max(*b);
    }
}

/// Joins event `j`'s clock into `into`, unless `into` already has it (then it has all of it).
fn join_event(into: &mut [u32], analysis: &Analysis, events: &[Event], j: usize) {
    let t = events[j].tid;
    let from = analysis.clock(j);
    if into[t] < from[t] {
        join(into, from);
    }
}

/// One entry per object and thread, in one allocation.
#[derive(Debug, Default)]
struct Table {
    threads: usize,
    cells: Vec<Option<usize>>,
}

impl Table {
    /// Empties it for `objects` objects and `threads` threads, keeping its room.
    fn reset(&mut self, objects: usize, threads: usize) {
        self.threads = threads;
        reset(&mut self.cells, objects * threads);
    }
}

/// Empties `v` to `len` entries of none, keeping its room.
fn reset(v: &mut Vec<Option<usize>>, len: usize) {
    v.clear();
    v.resize(len, None);
}

impl std::ops::Index<Obj> for Table {
    type Output = [Option<usize>];

    /// Object `o`'s entries, by thread.
    fn index(&self, o: Obj) -> &[Option<usize>] {
        let o = o as usize;
        &self.cells[o * self.threads..(o + 1) * self.threads]
    }
}

impl std::ops::IndexMut<Obj> for Table {
    fn index_mut(&mut self, o: Obj) -> &mut [Option<usize>] {
        let o = o as usize;
        &mut self.cells[o * self.threads..(o + 1) * self.threads]
    }
}

/// The last earlier events of each thread that a new event can depend on: per object, the last
/// access, the last write and the last acquisition; and the last step that touched everything.
/// (An earlier one of the same thread happens before these, so only these can race: an unlock
/// and the lock that waited for it cannot, while two acquisitions of one lock can, as the Source
/// Sets paper and Nidhugg treat mutexes.)
#[derive(Debug, Default)]
struct Latest {
    any: Table,
    write: Table,
    lock: Table,
    /// The last failed `try_lock` (an unlock races with it).
    tried: Table,
    /// The last read (a spin loop's step after a write only counts for the cell it read).
    read: Table,
    /// The last access but an increment nobody reads back ([`Op::Add`]): what such an
    /// increment depends on (it commutes with another).
    other: Table,
    /// The last step that touched anything (an unlock included).
    touch: Vec<Option<usize>>,
    /// The last that touched anything but an unlock (an unlock races with nothing).
    access: Vec<Option<usize>>,
    global: Vec<Option<usize>>,
    /// The last spurious wakeup (spurious wakeups share their bound).
    spurious: Vec<Option<usize>>,
}

impl Latest {
    /// Empties it for `objects` objects and `threads` threads, keeping its room.
    fn reset(&mut self, objects: usize, threads: usize) {
        for table in [
            &mut self.any,
            &mut self.write,
            &mut self.lock,
            &mut self.tried,
            &mut self.read,
            &mut self.other,
        ] {
            table.reset(objects, threads);
        }
        for each in [
            &mut self.touch,
            &mut self.access,
            &mut self.global,
            &mut self.spurious,
        ] {
            reset(each, threads);
        }
    }

    /// Thread `t`'s last event that `op` depends on, and the ones `op` can race with: its last
    /// such event, and for a lock, also the acquisition before it (a later await point or
    /// step that touches everything must not hide it: the acquisitions race all the same).
    fn of(&self, t: usize, op: Op) -> (Option<usize>, [Option<usize>; 2]) {
        if matches!(op, Op::Start | Op::Yield | Op::Spawn(_) | Op::Join(_)) {
            return (None, [None, None]);
        }
        let (dependent, racing) = self.of_object(t, op);
        let global = self.global[t];
        let hidden = racing.filter(|&r| acquires(op) && global.is_some_and(|g| g > r));
        (dependent.max(global), [racing.max(global), hidden])
    }

    /// [`Latest::of`] without the steps that touch everything.
    fn of_object(&self, t: usize, op: Op) -> (Option<usize>, Option<usize>) {
        match op {
            Op::Read(o) => (self.write[o][t], self.write[o][t]),
            Op::Write(o) => (self.any[o][t], self.any[o][t]),
            Op::Add(o) => (self.other[o][t], self.other[o][t]),
            Op::Lock(o) => (self.any[o][t], self.lock[o][t]),
            Op::Unlock(o) => (self.any[o][t], self.tried[o][t]),
            Op::Sync(o, SyncOp::Spurious) => {
                let last = self.any[o][t].max(self.spurious[t]);
                (last, last)
            }
            Op::Await | Op::Global => (self.touch[t], self.access[t]),
            Op::Start | Op::Yield | Op::Spawn(_) | Op::Join(_) => (None, None),
            Op::Sync(o, k) if k.shares() => (self.write[o][t], self.write[o][t]),
            Op::Sync(o, _) => (self.any[o][t], self.any[o][t]),
            Op::Spun(s) => {
                let (dependent, racing) = self.of_object(t, s.plain());
                let wrote = s.cells().map(|c| self.write[c][t]).max().flatten();
                (dependent.max(wrote), racing.max(wrote))
            }
        }
    }

    fn add(&mut self, i: usize, e: &Event) {
        let t = e.tid;
        if let Op::Sync(_, SyncOp::Spurious) = e.op {
            self.spurious[t] = Some(i);
        }
        if let Op::Spun(s) = e.op {
            for c in s.cells() {
                self.any[c][t] = Some(i);
                self.other[c][t] = Some(i);
            }
            if !s.write() {
                self.read[s.cell()][t] = Some(i);
            }
        }
        match e.op.plain() {
            Op::Read(o) => {
                self.any[o][t] = Some(i);
                self.read[o][t] = Some(i);
                self.other[o][t] = Some(i);
            }
            Op::Write(o) => {
                self.any[o][t] = Some(i);
                self.write[o][t] = Some(i);
                self.other[o][t] = Some(i);
            }
            Op::Add(o) => {
                self.any[o][t] = Some(i);
                self.write[o][t] = Some(i);
            }
            Op::Lock(o) | Op::Sync(o, SyncOp::TryLocked) => {
                self.any[o][t] = Some(i);
                self.write[o][t] = Some(i);
                self.lock[o][t] = Some(i);
            }
            Op::Unlock(o) => {
                self.any[o][t] = Some(i);
                self.write[o][t] = Some(i);
            }
            Op::Await | Op::Global => self.global[t] = Some(i),
            Op::Sync(o, k) => {
                self.any[o][t] = Some(i);
                if k == SyncOp::TryLockFailed {
                    self.tried[o][t] = Some(i);
                }
                if !k.shares() {
                    self.write[o][t] = Some(i);
                }
            }
            _ => return,
        }
        self.touch[t] = Some(i);
        if !matches!(e.op, Op::Unlock(_)) {
            self.access[t] = Some(i);
        }
    }
}

/// Whether `op` takes a lock (`lock`, or a `try_lock` that took it): two of these on one lock
/// race even when a release came between them.
fn acquires(op: Op) -> bool {
    matches!(op, Op::Lock(_) | Op::Sync(_, SyncOp::TryLocked))
}

/// The writes that let spin-loop step `i` go on: another thread's writes to a cell the loop
/// reads, after the loop's last read of that cell. Empty for any other step, and for a spinning
/// thread released because nothing else could run.
fn wakers(events: &[Event], latest: &Latest, i: usize) -> Vec<usize> {
    let e = &events[i];
    let Op::Spun(s) = e.op else {
        return Vec::new();
    };
    let last_read = |c: Obj| latest.read[c][e.tid];
    let Some(since) = s.cells().map(last_read).min().flatten() else {
        return Vec::new();
    };
    (since + 1..i)
        .filter(|&k| {
            events[k].tid != e.tid
                && s.cells()
                    .any(|c| events[k].op.writes(c) && last_read(c).is_some_and(|r| r < k))
        })
        .collect()
}

/// What the analysis of an event looks up of the events before it.
#[derive(Debug, Default)]
struct Known {
    /// Each thread's last event.
    last_of: Vec<Option<usize>>,
    /// The event that spawned each thread.
    spawned_at: Vec<Option<usize>>,
    /// Each lock's last release.
    last_unlock: Vec<Option<usize>>,
    latest: Latest,
    /// Room for an event's clocks and races while it is analysed, kept from one analysis to
    /// the next.
    room: ([Vec<u32>; 3], Vec<usize>),
}

impl Known {
    /// Empties it for `objects` objects and `threads` threads, keeping its room.
    fn reset(&mut self, objects: usize, threads: usize) {
        reset(&mut self.last_of, threads);
        reset(&mut self.spawned_at, threads);
        reset(&mut self.last_unlock, objects);
        self.latest.reset(objects, threads);
    }

    fn add(&mut self, i: usize, e: &Event) {
        if let Op::Unlock(l) = e.op {
            self.last_unlock[l as usize] = Some(i);
        }
        if let Op::Spawn(t) = e.op {
            if let Some(slot) = self.spawned_at.get_mut(t as usize) {
                *slot = Some(i);
            }
        }
        self.latest.add(i, e);
        self.last_of[e.tid] = Some(i);
    }
}

/// Computes every event's clock and every race of `events`, run by `threads` threads.
#[cfg(test)]
pub(crate) fn analyse(events: &[Event], threads: usize) -> Analysis {
    analyse_from(
        events,
        threads,
        Analysis::default(),
        0,
        &mut Known::default(),
        true,
    )
}

/// The last execution's analysis, and what it analysed: the next execution, which replays a
/// prefix of the last, keeps that prefix's clocks and races (they depend on nothing after it).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    seen: Vec<(Tid, Op, Option<usize>)>,
    analysis: Analysis,
    /// Room for what the analysis looks up, kept from one execution to the next.
    known: Known,
}

impl Memo {
    /// Analyses `events`, run by `threads` threads; with how many leading events it shares with
    /// the execution analysed last (their clocks and races are that execution's).
    pub fn analyse(&mut self, events: &[Event], threads: usize) -> (Analysis, usize) {
        self.analyse_as(events, threads, true)
    }

    /// Happens-before of `events` as the program orders them, for the orders a learner is
    /// shown: without the holds of symmetric threads ([`super::symmetry`]). A hold orders a
    /// twin's step after its twin's only so that one renaming of each class is explored; the
    /// orders it rules out reach the same state, and the simplest of them may have fewer
    /// preemptions. Kept here, so that the next execution reuses its prefix.
    pub fn unheld(&mut self, events: &[Event], threads: usize) -> &Analysis {
        let (analysis, _) = self.analyse_as(events, threads, false);
        self.keep(analysis);
        &self.analysis
    }

    /// The analysis last kept.
    pub fn last(&self) -> &Analysis {
        &self.analysis
    }

    /// [`Memo::analyse`], with the holds of symmetric threads or without.
    fn analyse_as(&mut self, events: &[Event], threads: usize, holds: bool) -> (Analysis, usize) {
        let key = |e: &Event| (e.tid, e.op, e.after_twin.filter(|_| holds));
        let same = if self.analysis.width == threads {
            (self.seen.iter().zip(events))
                .take_while(|(seen, e)| **seen == key(e))
                .count()
        } else {
            0
        };
        self.seen.clear();
        self.seen.extend(events.iter().map(key));
        let previous = std::mem::take(&mut self.analysis);
        let analysis = analyse_from(events, threads, previous, same, &mut self.known, holds);
        (analysis, same)
    }

    /// Keeps `analysis` (of the events last analysed) for the next execution.
    pub fn keep(&mut self, analysis: Analysis) {
        self.analysis = analysis;
    }
}

/// [`analyse`], where the first `same` events are those `previous` analysed (with as many
/// threads, when `same` is not 0), in the room of `known`; with the holds of symmetric threads
/// (`holds`) or without.
fn analyse_from(
    events: &[Event],
    threads: usize,
    previous: Analysis,
    same: usize,
    known: &mut Known,
    holds: bool,
) -> Analysis {
    let mut analysis = previous;
    analysis.width = threads;
    analysis.clocks.truncate(same * threads);
    let raced = analysis.races.partition_point(|r| r.1 < same);
    analysis.races.truncate(raced);
    let ([mut base, mut released, mut clock], mut racing) = std::mem::take(&mut known.room);
    for v in [&mut base, &mut released, &mut clock] {
        v.clear();
        v.resize(threads, 0);
    }
    let objects = (events.iter())
        .filter_map(|e| e.op.object())
        .max()
        .map_or(0, |o| o as usize + 1);
    known.reset(objects, threads);
    for (i, e) in events.iter().enumerate().take(same) {
        known.add(i, e);
    }
    for (i, e) in events.iter().enumerate().skip(same) {
        // What orders this event whatever the schedule: its thread's previous step (or its
        // spawn), the end of a joined thread, the twin's step it waited for.
        base.fill(0);
        let program = known.last_of[e.tid].or(known.spawned_at[e.tid]);
        let joined = match e.op {
            Op::Join(u) => known.last_of.get(u as usize).copied().flatten(),
            _ => None,
        };
        let held = e.after_twin.filter(|_| holds);
        for source in [program, joined, held].into_iter().flatten() {
            join_event(&mut base, &analysis, events, source);
        }
        // A lock waited for the release before it: that orders it after everything the
        // releasing thread did, except the acquisition it races with.
        released.copy_from_slice(&base);
        let unlocked = match e.op {
            Op::Lock(l) => known.last_unlock[l as usize],
            _ => None,
        };
        if let Some(u) = unlocked {
            join_event(&mut released, &analysis, events, u);
        }
        clock.copy_from_slice(&released);
        racing.clear();
        for t in (0..threads).filter(|&t| t != e.tid) {
            let (dependent, races) = known.latest.of(t, e.op);
            if let Some(j) = dependent {
                join_event(&mut clock, &analysis, events, j);
            }
            racing.extend(races.into_iter().flatten());
        }
        let first_race = analysis.races.len();
        let wakers = wakers(events, &known.latest, i);
        for &j in &racing {
            // A spin loop's step runs before `j` only if another write let it go on.
            if !wakers.is_empty()
                && !(wakers.iter()).any(|&k| k != j && !analysis.before(events, j, k))
            {
                continue;
            }
            let seen = if acquires(events[j].op) && acquires(e.op) {
                &base
            } else {
                &released
            };
            let u = events[j].tid;
            let own = analysis.clock(j)[u];
            if own <= seen[u] {
                continue;
            }
            let through_other =
                (racing.iter()).any(|&k| events[k].tid != u && analysis.clock(k)[u] >= own);
            if !through_other {
                analysis.races.push((j, i));
            }
        }
        analysis.races[first_race..].sort_unstable();
        clock[e.tid] = known.last_of[e.tid].map_or(0, |p| analysis.clock(p)[e.tid]) + 1;
        known.add(i, e);
        analysis.clocks.extend_from_slice(&clock);
    }
    racing.clear();
    known.room = ([base, released, clock], racing);
    debug_assert!(analysis
        .races
        .iter()
        .all(|&(j, i)| ordered(&events[j], &events[i])));
    analysis
}

/// The events between `e` and `e2` that do not happen after `e`, then `e2`: the start of an
/// execution in which `e2` runs before `e` (the paper's `notdep(e, E).e2`, `E` ending at `e2`,
/// as races are found when `e2` runs: a step after `e2` may be one that could run only there,
/// such as a spinning thread's, let go because nothing else could run).
pub(crate) fn reversal(events: &[Event], analysis: &Analysis, e: usize, e2: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (e + 1..e2)
        .filter(|&k| !analysis.before(events, e, k))
        .collect();
    v.push(e2);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_acquisitions_race_though_an_await_comes_between_them() {
        // Thread 2 takes the lock, awaits, releases; thread 1 takes it then. The await,
        // dependent with everything, comes later than thread 2's acquisition: it must not hide
        // that acquisition's race with thread 1's.
        let events = [
            Event::test(2, Op::Lock(0)),
            Event::test(2, Op::Await),
            Event::test(2, Op::Unlock(0)),
            Event::test(1, Op::Lock(0)),
        ];
        let analysis = analyse(&events, 3);
        assert!(analysis.races.contains(&(0, 3)), "{:?}", analysis.races);
    }

    #[test]
    fn without_its_hold_a_twins_step_no_longer_follows_its_twins() {
        // Thread 2's read was held for thread 1's identical read: the hold orders them, the
        // program does not, so an order shown to a learner may take thread 2's first.
        let mut events = [Event::test(1, Op::Read(0)), Event::test(2, Op::Read(0))];
        events[1].after_twin = Some(0);
        assert!(analyse(&events, 3).before(&events, 0, 1));
        let mut memo = Memo::default();
        assert!(!memo.unheld(&events, 3).before(&events, 0, 1));
        // Kept for the next execution, whose prefix it reuses, as the analysis with holds is.
        let (with_holds, same) = memo.analyse(&events, 3);
        assert_eq!(same, 1, "the first step was not held");
        assert!(with_holds.before(&events, 0, 1));
    }

    #[test]
    fn an_execution_that_replays_a_prefix_is_analysed_as_from_scratch() {
        let first = [
            Event::test(1, Op::Lock(0)),
            Event::test(1, Op::Write(1)),
            Event::test(1, Op::Unlock(0)),
            Event::test(2, Op::Read(1)),
            Event::test(2, Op::Lock(0)),
            Event::test(2, Op::Unlock(0)),
        ];
        // It parts from the first after two steps: thread 2 reads before thread 1 releases.
        let second = [0, 1, 3, 2, 4, 5].map(|k| first[k]);
        let mut memo = Memo::default();
        let (analysis, same) = memo.analyse(&first, 3);
        assert_eq!(same, 0);
        memo.keep(analysis);
        let (continued, same) = memo.analyse(&second, 3);
        assert_eq!(same, 2);
        let scratch = analyse(&second, 3);
        assert_eq!(continued.clocks, scratch.clocks);
        assert_eq!(continued.races, scratch.races);
        assert!(!scratch.races.is_empty());
        // Another number of threads starts from scratch.
        memo.keep(continued);
        let (_, same) = memo.analyse(&second, 4);
        assert_eq!(same, 0);
    }
}
