//! Optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, JACM 2017, Algorithm 2) as the picker of
//! racelab's model threads: each execution replays a prefix, takes the next branch of a wakeup
//! tree, and then runs freely; at its end, every reversible race is turned into a wakeup
//! sequence.
//!
//! The recursive `Explore(E, Sleep, WuT)` of the paper becomes a stack of [`Node`]s, one per
//! step of the execution under way, each with its sleep set and wakeup tree. The executor runs
//! the steps; the [board](super::board) says what each thread will do next.

use super::board;
use super::clock::{self, Analysis};
use super::event::{child, Event, Obj, Op, Rmw, SyncOp, Tid};
use super::model::{Model, Wait};
use super::play::{self, Played};
use super::reads_from::{ReadsFrom, Unfollowed};
use super::split::{Top, Units};
use super::steer::{Pick, Refusal, Steer};
use super::symmetry::Twins;
use super::sync::{Blocked, Kind, Ready, SyncState};
use super::wakeup::{weak_initial, Branch, Move, WakeupTree};
use crate::explore::budget::Clock;
use crate::explore::scheduler::Misfit;
use crate::runtime::coroutines::executor::Picker;
use crate::trace::Recorder;
use std::cell::{Ref, RefCell};
use std::sync::{Arc, Mutex, MutexGuard};

/// One point of the exploration: the state after the steps before it.
#[derive(Debug)]
struct Node {
    /// Threads whose next step need not be explored from here (the paper's `sleep(E)`).
    sleep: Vec<Move>,
    /// The step of the branch under way (the first of `wut(E)`).
    step: Move,
    /// The rest of the branch under way, until the execution that takes it follows it.
    rest: WakeupTree,
    /// The branches still to explore after it (the rest of `wut(E)`).
    later: WakeupTree,
    /// Where it stands in the top of a split proof, if it is there ([`super::split`]).
    top: Option<Top>,
    /// The unit its branch under way starts, and whether this exploration takes it.
    unit: Option<(u64, bool)>,
    /// At the top, taken alone as a step that commutes with every other: the other threads
    /// that could move, in case it turns out not to ([`Dpor::alone_after_all`]).
    others: Vec<Move>,
}

impl Node {
    /// A point whose branch under way is `branch`, with `later` ones after it.
    fn new(sleep: Vec<Move>, branch: Branch, later: WakeupTree) -> Self {
        Node {
            sleep,
            step: branch.step,
            rest: branch.rest,
            later,
            top: None,
            unit: None,
            others: Vec::new(),
        }
    }

    /// Inserts `v` into `wut(E)` (the paper's `insert[E](v, wut(E))`): a sequence that would go
    /// below the branch under way is already covered by that search.
    fn insert(&mut self, v: Vec<Move>) {
        if weak_initial(self.step.0, self.step.1, &v).is_none() {
            self.later.insert(v);
        }
    }

    /// Moves on to the next branch, if one is left.
    fn next_branch(&mut self) -> bool {
        if self.later.children.is_empty() {
            return false;
        }
        let next = self.later.children.remove(0);
        (self.step, self.rest) = (next.step, next.rest);
        true
    }
}

/// A thread that cannot move, what it waits for, and where it waits.
pub(crate) type Waiting = (Tid, Wait, Option<&'static std::panic::Location<'static>>);

/// How an execution ended before its threads did.
#[derive(Debug, Clone)]
pub(crate) struct Stuck {
    /// Each unfinished thread and what it waits for, with where it waits.
    pub waits: Vec<Waiting>,
    /// How many timeline steps had been recorded.
    pub steps: usize,
}

/// One finished execution, handed to the explorer.
#[derive(Debug)]
pub(crate) struct Finished {
    pub events: Vec<Event>,
    pub analysis: Analysis,
    pub threads: usize,
    pub stuck: Option<Stuck>,
    /// The cells' last values, by name (for a stuck execution's state).
    pub cells: Vec<super::board::Object>,
    /// How many Mazurkiewicz classes it stands for (1 unless threads are symmetric).
    pub orbit: u64,
    /// The unit of a split proof it belongs to ([`super::split`]).
    pub unit: Option<u64>,
    /// Happens-before without the holds of symmetric threads, analysed when first asked for.
    unheld: RefCell<(clock::Memo, bool)>,
}

impl Finished {
    /// Whether a thread waited out a spin loop in this execution.
    pub fn spun(&self) -> bool {
        (self.events.iter())
            .any(|e| matches!(e.op, Op::Spun(_)) || e.woken_by.is_some() || e.released)
    }
}

/// Happens-before as the program orders an execution's steps ([`Finished::order`]).
pub(crate) enum Order<'a> {
    /// Its analysis: no step was held.
    Held(&'a Analysis),
    /// Analysed again without the holds.
    Unheld(Ref<'a, (clock::Memo, bool)>),
}

impl std::ops::Deref for Order<'_> {
    type Target = Analysis;

    fn deref(&self) -> &Analysis {
        match self {
            Order::Held(analysis) => analysis,
            Order::Unheld(memo) => memo.0.last(),
        }
    }
}

impl Finished {
    /// Happens-before as the program orders its steps, for the orders a learner is shown: its
    /// analysis, less the holds of symmetric threads ([`clock::Memo::unheld`]).
    pub fn order(&self) -> Order<'_> {
        if self.events.iter().all(|e| e.after_twin.is_none()) {
            return Order::Held(&self.analysis);
        }
        let mut unheld = self.unheld.borrow_mut();
        if !unheld.1 {
            unheld.0.unheld(&self.events, self.threads);
            unheld.1 = true;
        }
        drop(unheld);
        Order::Unheld(self.unheld.borrow())
    }

    /// The threads it ended with waiting for a lock, and the lock each waits for.
    pub fn lock_waits(&self) -> Vec<(Tid, Obj)> {
        (self.stuck.iter())
            .flat_map(|s| &s.waits)
            .filter_map(|w| match w.1 {
                Wait::Lock { lock, .. } => Some((w.0, lock)),
                Wait::Change { .. } | Wait::Sync { .. } => None,
            })
            .collect()
    }
}

/// What the scheduler and the explorer share.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    /// Executions started.
    pub executions: u64,
    /// Executions cut short because every enabled thread was asleep (zero for optimal DPOR).
    pub sleep_blocked: u64,
    /// Why the exploration stopped early.
    pub stopped: Option<crate::Limit>,
    /// The lab behaved differently on the same schedule.
    pub nondeterministic: bool,
    /// How a replayed schedule failed to fit the execution, if it did.
    pub misfit: Option<Misfit>,
    /// A split proof met a step of a cooperative task (an await, or a task's shared state),
    /// which splits do not handle: the explorer explores it whole instead.
    pub unsplittable: bool,
    /// The reads-from exploration met a step it does not follow.
    pub unfollowed: Option<&'static str>,
}

/// [`Progress`] behind a std mutex.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedProgress(Arc<Mutex<Progress>>);

impl SharedProgress {
    pub fn lock(&self) -> MutexGuard<'_, Progress> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The step under way.
#[derive(Debug)]
struct Running {
    tid: Tid,
    op: Op,
    at: Option<&'static std::panic::Location<'static>>,
    woken_by: Option<usize>,
    enabled_by: Option<usize>,
    first_step: usize,
    released: bool,
    rmw: Rmw,
}

/// The DPOR scheduler. With `forced`, it follows one schedule instead (replay).
pub(crate) struct Dpor {
    progress: SharedProgress,
    clock: Clock,
    recorder: Recorder,
    /// Called after each execution, before the next starts (the explorer's bookkeeping).
    on_finish: Box<dyn FnMut(&Finished)>,
    stack: Vec<Node>,
    /// The rest of the wakeup tree being followed past the end of `stack`.
    carry: WakeupTree,
    /// The node whose new branch this execution takes.
    branch_at: Option<usize>,
    events: Vec<Event>,
    /// The last analysis, which the next execution continues from where they part.
    memo: clock::Memo,
    /// The analyses without holds of symmetric threads ([`Finished::order`]).
    unheld: clock::Memo,
    /// How many leading events of the last analysis had their races made wakeup sequences
    /// (the same races of the same prefix give the same sequences: nothing new to insert).
    raced: usize,
    /// The thread chosen at each step and what it was about to do.
    taken: Vec<Move>,
    running: Option<Running>,
    model: Model,
    stuck: Option<Stuck>,
    /// No execution is left to explore (or the one replayed or played has run).
    done: bool,
    forced: Option<Vec<Tid>>,
    /// The branch to take next waits on a primitive there: the reversal it came from could not
    /// run (counted as redundant, never as the lab's nondeterminism).
    blocked_branch: bool,
    /// A player's moves instead of the exploration (`racelab play`), and where the game's
    /// position or refusal goes.
    steer: Option<(Steer, Arc<Mutex<Option<Played>>>)>,
    /// How many lab threads are symmetric (explored once per orbit), if they are.
    symmetric: Option<usize>,
    /// The execution's twins ([`super::symmetry`]).
    twins: Twins,
    /// The units of a split proof, if it is split ([`super::split`]).
    units: Option<Units>,
    /// The execution under way starts a unit another exploration takes: it stops there.
    skipped: bool,
    /// The execution under way was cut short because every thread that could move was asleep.
    blocked: bool,
    /// Explores one execution per reads-from class instead ([`super::reads_from`]).
    reads_from: Option<ReadsFrom>,
    /// The threads that can move, and those that wait (with their next step), at the last
    /// step (kept to be reused).
    enabled: Vec<(Tid, Op)>,
    waiting: Vec<(Tid, Op)>,
    /// Per thread, its next step where only its own step changes it (see [`stable`]), as it
    /// was found at an earlier step of the execution under way.
    kept_steps: Vec<Option<Op>>,
}

/// Whether `op`, a thread's next step as [`Model::next_op`] names it, stays its next step, and
/// can run or not for the same reason, until the thread itself takes a step: its announcement
/// is its own, it has no spin loop's turn (or a read would be a spin loop's step), and it waits
/// on nothing but a lock (whose holder is looked up afresh).
fn stable(op: Op) -> bool {
    matches!(
        op,
        Op::Start
            | Op::Read(_)
            | Op::Write(_)
            | Op::Add(_)
            | Op::Lock(_)
            | Op::Unlock(_)
            | Op::Spawn(_)
            | Op::Join(_)
            | Op::Yield
            | Op::Global
            | Op::Await
    )
}

impl Dpor {
    pub fn new(
        progress: SharedProgress,
        clock: Clock,
        recorder: Recorder,
        on_finish: Box<dyn FnMut(&Finished)>,
        forced: Option<Vec<Tid>>,
    ) -> Self {
        Dpor {
            progress,
            clock,
            recorder,
            on_finish,
            stack: Vec::new(),
            carry: WakeupTree::default(),
            branch_at: None,
            events: Vec::new(),
            memo: clock::Memo::default(),
            unheld: clock::Memo::default(),
            raced: 0,
            taken: Vec::new(),
            running: None,
            model: Model::default(),
            stuck: None,
            done: false,
            forced,
            blocked_branch: false,
            steer: None,
            symmetric: None,
            twins: Twins::default(),
            enabled: Vec::new(),
            waiting: Vec::new(),
            kept_steps: Vec::new(),
            units: None,
            skipped: false,
            blocked: false,
            reads_from: None,
        }
    }

    /// Explores one execution per reads-from class ([`super::reads_from`]) instead of one per
    /// Mazurkiewicz class.
    pub fn reads_from(mut self) -> Self {
        self.reads_from = Some(ReadsFrom::default());
        self
    }

    /// Explores a split proof's top in full and, below it, only the units `units` takes
    /// ([`super::split`]).
    pub fn split(mut self, units: Units) -> Self {
        self.units = Some(units);
        self
    }

    /// Explores the `threads` lab threads once per orbit: they run the same code and differ
    /// in nothing but their numbers ([`super::symmetry`]).
    pub fn symmetric(mut self, threads: usize) -> Self {
        self.symmetric = Some(threads);
        self
    }

    /// Follows a player's moves instead of exploring, for one execution; a pause or a refusal
    /// goes to `out`.
    pub fn steered(mut self, steer: Steer, out: Arc<Mutex<Option<Played>>>) -> Self {
        self.steer = Some((steer, out));
        self
    }

    /// Ends the step under way: what it did, as the board says.
    fn finish_step(&mut self) {
        let Some(r) = self.running.take() else { return };
        if let Some(kept) = self.kept_steps.get_mut(r.tid) {
            *kept = None;
        }
        let done = board::take_done();
        if let Some((steer, _)) = &mut self.steer {
            if r.op == Op::Start && self.recorder.len() == r.first_step {
                steer.started_silently(r.tid);
            }
        }
        let mut op = match r.op {
            Op::Write(o) if done.failed => Op::Read(o),
            Op::Spun(s) if done.failed => Op::Spun(s.failed()),
            Op::Sync(o, SyncOp::TryLock) if done.took => Op::Sync(o, SyncOp::TryLocked),
            Op::Sync(o, SyncOp::TryLock) => Op::Sync(o, SyncOp::TryLockFailed),
            op => op,
        };
        // A step that touched a cooperative task's cell is ordered with every other: only await
        // points keep such tasks apart. (A lock keeps its meaning; await points, dependent with
        // everything, order it against those tasks.)
        if done.global && !matches!(op, Op::Await | Op::Lock(_) | Op::Unlock(_) | Op::Sync(..)) {
            op = Op::Global;
        }
        let index = self.events.len();
        if r.op == Op::Start && op != Op::Start {
            // A thread's first step announces nothing (it runs the thread's code up to its
            // first scheduling point): once run, it is known by what it did, both as taken and
            // in its branch, so that no reversal is compared with an op that commutes with
            // everything and taken for covered.
            if let Some(taken) = self.taken.get_mut(index) {
                taken.1 = op;
            }
            let node = self.stack.get_mut(index);
            if let Some(node) = node.filter(|n| n.step.0 == r.tid) {
                node.step.1 = op;
            }
        }
        // (The main thread's steps after its joins touch what nothing else runs beside.)
        if self.units.is_some() && (op == Op::Await || (op == Op::Global && r.tid != 0)) {
            self.progress.lock().unsplittable = true;
        }
        self.alone_after_all(index, op);
        self.model.ran(index, r.tid, op, r.at, done.read);
        let after_twin = self.twins.ran(index, r.tid, op, r.released);
        let takes = match op {
            Op::Lock(_)
            | Op::Sync(_, SyncOp::TryLocked | SyncOp::Granted | SyncOp::Read | SyncOp::Write) => {
                true
            }
            Op::Sync(_, SyncOp::Acquire) => !done.queued,
            Op::Sync(_, SyncOp::TryAcquire) => done.took,
            _ => false,
        };
        self.events.push(Event {
            tid: r.tid,
            op,
            woken_by: r.woken_by,
            enabled_by: r.enabled_by,
            first_step: r.first_step,
            released: r.released,
            takes,
            after_twin,
            rmw: r.rmw,
        });
    }

    /// The end of an execution: its races become wakeup sequences; then back to the deepest
    /// point with a branch left.
    fn end_execution(&mut self) {
        self.finish_step();
        if self.reads_from.is_some() {
            self.end_reads_from();
            return;
        }
        // A split proof's execution belongs to the unit it went into, or is one of its own.
        let unit = match &mut self.units {
            None => None,
            Some(units) => {
                let started = self.stack.iter().rev().find_map(|n| n.unit);
                Some(started.unwrap_or_else(|| units.meet()))
            }
        };
        if self.skipped || unit.is_some_and(|(_, taken)| !taken) {
            // Another exploration's: nothing to learn from it here but what its steps did
            // (asleep from now on, as in the exploration that takes it).
            let did: Vec<Move> = self.events.iter().map(|e| (e.tid, e.op)).collect();
            self.events.clear();
            self.stuck = None;
            self.next_branch(&did);
            return;
        }
        if self.blocked {
            self.progress.lock().sleep_blocked += 1;
        }
        let threads = self.events.iter().map(|e| e.tid + 1).max().unwrap_or(1);
        let (analysis, same) = self.memo.analyse(&self.events, threads);
        let raced = std::mem::take(&mut self.raced).min(same);
        if let Some(forced) = &self.forced {
            if self.taken.len() < forced.len() {
                let left = forced.len() - self.taken.len();
                self.progress
                    .lock()
                    .misfit
                    .get_or_insert(Misfit::TooLong { left });
            }
        }
        let complete =
            self.events.len() == self.taken.len() && self.forced.is_none() && self.steer.is_none();
        // What each step did, as it turned out (a failed compare-exchange read): exact for every
        // step that keeps its place; the racing step that moves may do otherwise there, so it
        // keeps what it announced.
        let did: Vec<Move> = self.events.iter().map(|e| (e.tid, e.op)).collect();
        if complete {
            let kinds = board::kinds();
            let mut reversals: Vec<(usize, Vec<Move>)> = Vec::new();
            let new_races = analysis.races.partition_point(|r| r.1 < raced);
            for &(e, e2) in &analysis.races[new_races..] {
                reversals.extend(self.sync_race(&analysis, &did, &kinds, e, e2));
            }
            self.raced = self.events.len();
            reversals.extend(self.blocked_races(&analysis, &did));
            reversals.extend(self.blocked_sync_races(&analysis, &did, &kinds));
            for (e, v) in reversals {
                let node = &mut self.stack[e];
                if node.top.is_some()
                    || node
                        .sleep
                        .iter()
                        .any(|&(q, op)| weak_initial(q, op, &v).is_some())
                {
                    continue;
                }
                node.insert(v);
            }
        }
        let others = self.units.is_some() && !self.blocked && !self.attributed(&analysis);
        if self.blocked || others {
            // Cut short (and counted so above), or its class is another unit's (see
            // `super::split`): explored only for its races.
            if others {
                self.progress.lock().sleep_blocked += 1;
            }
            self.memo.keep(analysis);
            self.events.clear();
            self.stuck = None;
            self.next_branch(&did);
            return;
        }
        let finished = self.finished(analysis, threads, unit.map(|u| u.0));
        (self.on_finish)(&finished);
        self.reclaim(finished);
        self.next_branch(&did);
    }

    /// The execution that ended, for the explorer.
    fn finished(&mut self, analysis: Analysis, threads: usize, unit: Option<u64>) -> Finished {
        Finished {
            events: std::mem::take(&mut self.events),
            analysis,
            threads,
            stuck: self.stuck.take(),
            cells: board::objects(),
            orbit: self.twins.orbit(),
            unit,
            unheld: RefCell::new((std::mem::take(&mut self.unheld), false)),
        }
    }

    /// Takes back what a finished execution holds: its room serves the next.
    fn reclaim(&mut self, finished: Finished) {
        self.events = finished.events;
        self.memo.keep(finished.analysis);
        self.unheld = finished.unheld.into_inner().0;
        self.events.clear();
    }

    /// The end of an execution of the reads-from exploration: recorded, and each read offered
    /// its other writes.
    fn end_reads_from(&mut self) {
        let threads = self.events.iter().map(|e| e.tid + 1).max().unwrap_or(1);
        let (analysis, _) = self.memo.analyse(&self.events, threads);
        let finished = self.finished(analysis, threads, None);
        let reads_from = self.reads_from.as_mut().expect("a reads-from exploration");
        match reads_from.learn(&finished.events, finished.stuck.as_ref(), &finished.cells) {
            Ok(()) => (self.on_finish)(&finished),
            Err(Unfollowed::Step(word)) => self.progress.lock().unfollowed = Some(word),
            Err(Unfollowed::Nondeterministic) => self.progress.lock().nondeterministic = true,
        }
        self.reclaim(finished);
    }

    /// A step taken alone at the top, as one that commutes with every other (a start, a spawn),
    /// that turned out to touch what others do (a cooperative task's state): the other threads
    /// become branches there after all, the same in every exploration that walks the top.
    fn alone_after_all(&mut self, index: usize, op: Op) {
        let Some(node) = self.stack.get_mut(index) else {
            return;
        };
        let others = std::mem::take(&mut node.others);
        let (Some(top), Some(units)) = (node.top.as_mut(), self.units.as_mut()) else {
            return;
        };
        if others.is_empty() || op.commutes_with_all() {
            return;
        }
        node.later
            .children
            .extend(others.into_iter().map(Branch::leaf));
        top.branching = true;
        if units.starts_units(*top) {
            node.unit = Some(units.meet());
        }
    }

    /// Whether the execution's class is its unit's: the top, explored by sleep sets alone,
    /// reaches it along this execution's path (no thread asleep at a point of the top could
    /// have taken its step there first in an equivalent execution).
    fn attributed(&self, analysis: &Analysis) -> bool {
        let events = &self.events;
        let top = self
            .stack
            .iter()
            .enumerate()
            .take_while(|(_, n)| n.top.is_some());
        for (j, node) in top {
            for &(q, op) in &node.sleep {
                let first = (j..events.len()).find(|&k| events[k].tid == q);
                let first_here = match first {
                    Some(k) => !(j..k).any(|m| analysis.before(events, m, k)),
                    None => !events[j..].iter().any(|e| {
                        op.dependent(e.op)
                            || e.op == Op::Join(child(q))
                            || op == Op::Spawn(child(e.tid))
                    }),
                };
                if first_here {
                    return false;
                }
            }
        }
        true
    }

    /// Back to the deepest point with a branch left, each point's step just explored (as
    /// `did` says) going to sleep there.
    fn next_branch(&mut self, did: &[Move]) {
        while let Some(i) = self.stack.len().checked_sub(1) {
            let node = self.stack.last_mut().expect("a node");
            if node.next_branch() {
                node.sleep.extend(did.get(i).copied());
                break;
            }
            self.stack.pop();
        }
        self.branch_at = self.stack.len().checked_sub(1);
    }

    /// In an execution that ends with threads waiting for locks, each waiting thread's lock
    /// races with the acquisition it waits out, unless that acquisition happened before the
    /// waiter's last step (or its twin's step it waits for): the wakeup sequence in which the
    /// waiter takes the lock first.
    fn blocked_races(&self, analysis: &Analysis, did: &[Move]) -> Vec<(usize, Vec<Move>)> {
        let Some(stuck) = &self.stuck else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &(waiter, wait, _) in &stuck.waits {
            let Wait::Lock { lock, .. } = wait else {
                continue;
            };
            let Some(e) = (0..self.events.len()).rev().find(|&k| {
                let op = self.events[k].op;
                op == Op::Lock(lock) || op == Op::Sync(lock, SyncOp::TryLocked)
            }) else {
                continue;
            };
            let last = (0..self.events.len())
                .rev()
                .find(|&k| self.events[k].tid == waiter);
            // It follows its own last step and the step of its twin it waits for, if any (a
            // held twin goes after its twin, which waits too).
            let after = [last, self.twins.twin_step(waiter)];
            if self.twins.held(waiter)
                || (after.iter().flatten()).any(|&w| analysis.before(&self.events, e, w))
            {
                continue;
            }
            let mut v: Vec<Move> = (e + 1..self.events.len())
                .filter(|&k| !analysis.before(&self.events, e, k))
                .map(|k| did[k])
                .collect();
            v.push((waiter, Op::Lock(lock)));
            out.push((e, v));
        }
        out
    }

    /// The reversal of race `(e, e2)`; for a step on a lock or waiting primitive that could
    /// not run before `e` (a send to a channel another send filled), the reversal before the
    /// latest earlier step that it could run before ([`Dpor::latest_place`]).
    fn sync_race(
        &self,
        analysis: &Analysis,
        did: &[Move],
        kinds: &[(Obj, Kind)],
        e: usize,
        e2: usize,
    ) -> Vec<(usize, Vec<Move>)> {
        let second = self.taken[e2];
        let reversal = |k: usize| -> Vec<Move> {
            clock::reversal(&self.events, analysis, k, e2)
                .into_iter()
                .map(|m| if m == e2 { second } else { did[m] })
                .collect()
        };
        // (A lock waits for nothing [`SyncState::ready`] tracks: it races with the
        // acquisition before it, which a wake may stand behind.)
        let waits = matches!(second.1, Op::Sync(_, op) if op.may_wait());
        if !waits {
            return vec![(e, reversal(e))];
        }
        let own = (0..e2).rev().find(|&k| self.events[k].tid == second.0);
        let after = [own, self.events[e2].after_twin];
        (self
            .places(analysis, kinds, e, e2, after, second)
            .into_iter())
        .map(|k| (k, reversal(k)))
        .collect()
    }

    /// The steps, from `from` back, of other threads, dependent with `next` (those on the
    /// primitive it acts on, and steps dependent with every other), not before the steps
    /// `after` it follows whatever the schedule (its thread's own last step, the step of its
    /// twin it waits for), before which `next` (event `at`, or the step after the
    /// last) could run: where a step that waits races (the step it waited for directly may be
    /// one it could not precede).
    fn places(
        &self,
        analysis: &Analysis,
        kinds: &[(Obj, Kind)],
        from: usize,
        at: usize,
        after: [Option<usize>; 2],
        next: Move,
    ) -> Vec<usize> {
        let events = &self.events;
        let replayed = self.replayed(next, at);
        (0..=from)
            .rev()
            .filter(|&k| {
                events[k].tid != next.0
                    && events[k].op.dependent(next.1)
                    && !(after.iter().flatten()).any(|&p| analysis.before(events, k, p))
                    && self.could_run(analysis, kinds, k, next, &replayed)
            })
            .collect()
    }

    /// The steps before event `at` that decide whether `next` can run: the lock and waiting
    /// primitive steps on its primitive (on every primitive, for a condition variable's
    /// wakeup, which also counts the spurious wakeups of every other), in order.
    fn replayed(&self, next: Move, at: usize) -> Vec<usize> {
        let Op::Sync(obj, op) = next.1 else {
            return Vec::new();
        };
        let shared = matches!(op, SyncOp::Wake | SyncOp::Spurious);
        (0..at)
            .filter(|&k| {
                let ev = &self.events[k];
                (shared || ev.op.object() == Some(obj))
                    && matches!(ev.op, Op::Sync(..) | Op::Lock(_) | Op::Unlock(_))
            })
            .collect()
    }

    /// Whether `next` could run right after the steps before `e` and those between `e` and it
    /// that do not happen after `e` (replaying the locks and waiting primitives over them: the
    /// steps [`Dpor::replayed`] lists, all before `next`).
    fn could_run(
        &self,
        analysis: &Analysis,
        kinds: &[(Obj, Kind)],
        e: usize,
        next: Move,
        replayed: &[usize],
    ) -> bool {
        let Op::Sync(obj, op) = next.1 else {
            // Only a waiting primitive's step can wait there (a lock waits for nothing
            // [`SyncState::ready`] tracks): no need to replay.
            return true;
        };
        // Whether it can go depends on its own primitive's steps alone, but for a condition
        // variable's wakeup, which also counts the spurious wakeups of every other.
        let shared = matches!(op, SyncOp::Wake | SyncOp::Spurious);
        let relevant = kinds.iter().copied().filter(|k| shared || k.0 == obj);
        let mut state = SyncState::with(relevant, board::spurious_bound());
        let events = &self.events;
        let before_or_beside = |k: usize| k < e || (k > e && !analysis.before(events, e, k));
        for &k in replayed {
            if before_or_beside(k) {
                state.apply(events[k].tid, events[k].op, 0, 0);
            }
        }
        !matches!(state.ready(next.0, next.1), Ready::No(_))
    }

    /// In an execution that ends with threads waiting on primitives, each waiting thread's
    /// next step races with the latest step before which it could have run.
    fn blocked_sync_races(
        &self,
        analysis: &Analysis,
        did: &[Move],
        kinds: &[(Obj, Kind)],
    ) -> Vec<(usize, Vec<Move>)> {
        let Some(stuck) = &self.stuck else {
            return Vec::new();
        };
        let events = &self.events;
        let mut out = Vec::new();
        for &(waiter, wait, _) in &stuck.waits {
            if !matches!(wait, Wait::Sync { .. }) {
                continue;
            }
            let Some(next) = board::peek_pending(waiter).map(|a| (waiter, a.op)) else {
                continue;
            };
            if self.twins.held(waiter) {
                // Its twin waits for the same step, and goes first.
                continue;
            }
            let own = (0..events.len()).rev().find(|&k| events[k].tid == waiter);
            let after = [own, self.twins.twin_step(waiter)];
            let Some(last) = events.len().checked_sub(1) else {
                continue;
            };
            for k in self.places(analysis, kinds, last, self.events.len(), after, next) {
                let mut v: Vec<Move> = (k + 1..events.len())
                    .filter(|&m| !analysis.before(events, k, m))
                    .map(|m| did[m])
                    .collect();
                v.push(next);
                out.push((k, v));
            }
        }
        out
    }

    /// Why each of the `waiting` threads (with its next step) waits, and where.
    fn waits_of(&self, waiting: &[(Tid, Op)]) -> Vec<Waiting> {
        (waiting.iter())
            .filter_map(|&(tid, op)| {
                let at = board::peek_pending(tid).and_then(|a| a.at);
                Some((tid, self.model.wait(tid, op)?, at))
            })
            .collect()
    }

    /// Stops the execution here: nothing the checker may run can move.
    fn stop(&mut self, stuck: Option<Stuck>) -> Option<Tid> {
        self.stuck = stuck;
        board::live(false);
        None
    }

    fn choose(&mut self, enabled: &[(Tid, Op)], current: Option<Tid>) -> Result<Tid, ()> {
        let i = self.taken.len();
        let op_of = |t: Tid| enabled.iter().find(|e| e.0 == t).map(|e| e.1);
        if let Some(forced) = &self.forced {
            let chosen = forced.get(i).map(|&t| op_of(t).map(|_| t));
            let misfit = match chosen {
                Some(Some(t)) => return Ok(t),
                Some(None) => Misfit::Impossible { at: i + 1 },
                None => Misfit::TooShort,
            };
            self.progress.lock().misfit.get_or_insert(misfit);
            return Err(());
        }
        if let Some(reads_from) = &self.reads_from {
            return reads_from.choose(i, enabled, current);
        }
        if (i.checked_sub(1).and_then(|p| self.stack.get(p)))
            .is_some_and(|n| n.unit.is_some_and(|u| !u.1))
        {
            // The step just taken started a unit another exploration takes.
            self.skipped = true;
            return Err(());
        }
        if i < self.stack.len() {
            let node = &mut self.stack[i];
            let step = node.step;
            if Some(i) == self.branch_at {
                // Only this execution follows the rest of the branch; later insertions that
                // would go below it are covered by it.
                self.carry = std::mem::take(&mut node.rest);
                if let (Some(units), Some(top)) = (&mut self.units, node.top) {
                    if units.starts_units(top) {
                        node.unit = Some(units.meet());
                    }
                }
            }
            self.blocked_branch = op_of(step.0).is_none() && self.waits_on_primitive(step.0);
            return op_of(step.0).map(|_| step.0).ok_or(());
        }
        // A new point: inherit the sleepers that commute with the step just taken (but for the
        // first point of a unit: see `super::split`).
        let just_did = self.events.last().map(|e| (e.tid, e.op));
        let parent = i.checked_sub(1).map(|p| &self.stack[p]);
        let unit_root = parent.is_some_and(|p| p.unit.is_some());
        let sleep: Vec<Move> = match (parent.filter(|_| !unit_root), just_did) {
            (Some(parent), Some((p, op))) => parent
                .sleep
                .iter()
                .copied()
                .filter(|&(q, q_op)| q != p && !q_op.dependent(op))
                .collect(),
            _ => Vec::new(),
        };
        let mut later = std::mem::take(&mut self.carry);
        let awake = |t: Tid| !sleep.iter().any(|s| s.0 == t);
        // At the top of a split proof, every thread that can move and is awake is a branch; but
        // a step that commutes with every other is a branch of its own (a persistent set).
        let above = parent.map(|p| p.top);
        let top = (self.units.as_ref())
            .and_then(|units| units.top(above))
            .filter(|_| later.children.is_empty());
        let lone =
            (enabled.iter()).find(|e| awake(e.0) && e.1.commutes_with_all() && top.is_some());
        let branch = if let Some(&lone) = lone {
            Branch::leaf(lone)
        } else if later.children.is_empty() {
            let pick = current
                .filter(|&c| op_of(c).is_some() && awake(c))
                .or_else(|| enabled.iter().map(|e| e.0).find(|&t| awake(t)));
            let Some(t) = pick else {
                return Err(());
            };
            Branch::leaf((t, op_of(t).unwrap_or(Op::Global)))
        } else {
            later.children.remove(0)
        };
        let t = branch.step.0;
        let others: Vec<Move> = (enabled.iter())
            .filter(|e| top.is_some() && e.0 != t && awake(e.0))
            .copied()
            .collect();
        let top = top.map(|level| {
            if lone.is_none() {
                later
                    .children
                    .extend(others.iter().map(|&e| Branch::leaf(e)));
            }
            Top {
                level,
                branching: !later.children.is_empty(),
            }
        });
        let mut node = Node::new(sleep, branch, later);
        node.top = top;
        if lone.is_some() {
            node.others = others;
        }
        if let (Some(units), Some(top)) = (&mut self.units, top) {
            if units.starts_units(top) {
                node.unit = Some(units.meet());
            }
        }
        self.carry = std::mem::take(&mut node.rest);
        self.stack.push(node);
        self.blocked_branch = op_of(t).is_none() && self.waits_on_primitive(t);
        op_of(t).map(|_| t).ok_or(())
    }

    /// Whether `tid` waits on a waiting primitive now.
    fn waits_on_primitive(&self, tid: Tid) -> bool {
        let op = self.model.next_op(tid, board::pending_op(tid));
        matches!(op, Op::Sync(..))
            && (matches!(self.model.wait(tid, op), Some(Wait::Sync { .. }))
                || super::model::only_spuriously(op))
    }
}

impl Picker for Dpor {
    fn finish(&mut self) {
        self.end_execution();
        let more = match &mut self.reads_from {
            Some(reads_from) => reads_from.next(),
            None => !self.stack.is_empty(),
        };
        self.done = !more || self.forced.is_some() || self.steer.is_some();
    }

    fn start(&mut self) -> bool {
        if self.done {
            return false;
        }
        let mut progress = self.progress.lock();
        if progress.stopped.is_some()
            || progress.nondeterministic
            || progress.unsplittable
            || progress.unfollowed.is_some()
        {
            return false;
        }
        if self.symmetric.is_some() && board::thread_named() {
            // A thread asked for its number: the threads may not be symmetric after all (the
            // explorer starts again without the reduction).
            return false;
        }
        if let Some(reason) = self.clock.spent(progress.executions) {
            progress.stopped = Some(reason);
            return false;
        }
        progress.executions += 1;
        drop(progress);
        (self.skipped, self.blocked) = (false, false);
        self.taken.clear();
        self.model.reset();
        self.kept_steps.clear();
        self.recorder.clear();
        board::new_execution();
        let symmetric = self
            .symmetric
            .filter(|_| self.forced.is_none() && self.steer.is_none());
        self.twins.reset(symmetric.unwrap_or(0));
        true
    }

    fn next(&mut self, runnable: &[Tid], current: Option<Tid>) -> Option<Tid> {
        self.finish_step();
        // Reused from step to step (a step allocates nothing it need not).
        let mut enabled = std::mem::take(&mut self.enabled);
        let mut waiting = std::mem::take(&mut self.waiting);
        enabled.clear();
        waiting.clear();
        let mut released = Vec::new();
        let last = self.events.len().checked_sub(1);
        let mut spurious_only = Vec::new();
        for &tid in runnable {
            if let Some(op) = self.kept_steps.get(tid).copied().flatten() {
                // As it was (a lock's wait marks no wait on a primitive: nothing to note).
                let waits = matches!(op, Op::Lock(lock) if self.model.holder(lock).is_some());
                if waits {
                    waiting.push((tid, op));
                } else {
                    enabled.push((tid, op));
                }
                continue;
            }
            let announced = board::peek_pending(tid);
            let op = self.model.next_op(tid, announced.map(|a| a.op));
            let wait = self.model.wait(tid, op);
            let spurious = wait.is_none() && super::model::only_spuriously(op);
            let blocked = spurious || matches!(wait, Some(Wait::Sync { .. }));
            self.model.note_blocked(tid, blocked, last);
            match wait {
                // (Why it waits is asked again where it is needed: most steps do not need it.)
                Some(_) => waiting.push((tid, op)),
                None => enabled.push((tid, op)),
            }
            if spurious {
                spurious_only.push((tid, op, announced.and_then(|a| a.at)));
            }
            if stable(op) {
                if self.kept_steps.len() <= tid {
                    self.kept_steps.resize(tid + 1, None);
                }
                self.kept_steps[tid] = Some(op);
            }
        }
        let replayed = (self.forced.as_ref()).is_some_and(|f| self.taken.len() >= f.len());
        let mut waits = Vec::new();
        if enabled.is_empty() || self.steer.is_some() || !spurious_only.is_empty() {
            waits = self.waits_of(&waiting);
        }
        if !spurious_only.is_empty()
            && enabled.len() == spurious_only.len()
            && (replayed || self.steer.is_some())
        {
            // Only spurious wakeups could move: nothing a thread can count on, so the threads
            // may wait here forever. A replay that ends here ends there (an exploration finds
            // that deadlock with one spurious wakeup fewer: see `dpor::explore`).
            for &(tid, op, at) in &spurious_only {
                let obj = op.object().unwrap_or(0);
                let why = Blocked::Notify;
                waits.push((tid, Wait::Sync { obj, why }, at));
            }
            waits.sort_by_key(|w| w.0);
            let steps = self.recorder.len();
            return self.stop(Some(Stuck { waits, steps }));
        }
        if enabled.is_empty() {
            // Nothing else can run: spinning threads read once more (a counting loop ends).
            for (tid, wait, _) in &waits {
                if matches!(wait, Wait::Change { .. }) && self.model.release(*tid) {
                    let op = self.model.next_op(*tid, board::pending_op(*tid));
                    enabled.push((*tid, op));
                    released.push(*tid);
                }
            }
            if !enabled.is_empty() {
                waits.retain(|w| !enabled.iter().any(|e| e.0 == w.0));
            }
        }
        // (`runnable`, and so `enabled`, is in thread order.)
        debug_assert!(enabled.is_sorted_by_key(|e| e.0));
        // A twin waits for the step its twin is about to take ([`super::symmetry`]).
        if self.twins.on() && enabled.iter().any(|e| self.twins.held(e.0)) {
            // (`enabled` is in thread order: a thread's twin, if it can go, comes just before.)
            let mut previous = None;
            enabled.retain(|e| {
                let held = self.twins.held(e.0)
                    && e.0
                        .checked_sub(1)
                        .is_some_and(|twin| previous == Some(twin));
                previous = Some(e.0);
                !held
            });
        }
        if enabled.is_empty() {
            // Threads that wait to join are not in `runnable`; they announced it.
            for (tid, announced) in board::all_pending() {
                let listed = runnable.contains(&tid);
                if listed || matches!(announced.op, Op::Join(_)) {
                    continue;
                }
                if let Some(wait) = self.model.wait(tid, announced.op) {
                    waits.push((tid, wait, announced.at));
                }
            }
            waits.sort_by_key(|w| w.0);
            let steps = self.recorder.len();
            return self.stop(Some(Stuck { waits, steps }));
        }
        let chosen = match &mut self.steer {
            Some((steer, out)) => {
                let plain: Vec<(Tid, Wait)> = waits.iter().map(|w| (w.0, w.1)).collect();
                let halt = match steer.pick(&enabled, &plain) {
                    Pick::Run(tid) => Ok(tid),
                    Pick::Pause => Err(Played::Paused(play::position(
                        steer.threads(),
                        &enabled,
                        &waits,
                        &self.model,
                        self.recorder.steps(),
                    ))),
                    Pick::Refuse { index, why } => {
                        let at = match why {
                            Refusal::Waits { thread, .. } => {
                                waits.iter().find(|w| w.0 == thread).and_then(|w| w.2)
                            }
                            _ => None,
                        };
                        Err(Played::Refused {
                            index,
                            reason: play::refusal(why),
                            waits: play::waiting(why, at),
                        })
                    }
                };
                halt.map_err(|played| {
                    *out.lock().unwrap_or_else(|p| p.into_inner()) = Some(played);
                })
            }
            None => self.choose(&enabled, current),
        };
        let Ok(tid) = chosen else {
            if self.steer.is_some() {
                return self.stop(None);
            }
            if self.skipped {
                return self.stop(None);
            }
            if self.reads_from.is_some() {
                // A leaf's step that cannot run: the lab did not repeat itself.
                self.progress.lock().nondeterministic = true;
                return self.stop(None);
            }
            if self.blocked_branch {
                self.blocked = true;
            } else if self.forced.is_some() || self.taken.len() < self.stack.len() {
                self.progress.lock().nondeterministic = true;
            } else {
                self.blocked = true;
            }
            return self.stop(None);
        };
        // Leaving a thread that could go on, and was not at an await or a yield, preempts it
        // (as the simplest order of a class counts it); the next step of `tid` says so.
        if let Some(&(last, _)) = self.taken.last() {
            let could_go_on = (enabled.iter()).any(|&(t, op)| {
                t == last
                    && !matches!(op, Op::Await | Op::Yield)
                    && !spurious_only.iter().any(|s| s.0 == t)
            });
            self.recorder.switched(last, tid, could_go_on);
        }
        let announced = board::take_pending(tid);
        let op = match enabled.iter().find(|e| e.0 == tid) {
            Some(&(_, op)) => op,
            None => self.model.next_op(tid, announced.map(|a| a.op)),
        };
        self.taken.push((tid, op));
        self.running = Some(Running {
            tid,
            op,
            at: announced.and_then(|a| a.at),
            woken_by: self.model.take_woken_by(tid),
            enabled_by: self.model.take_enabled_by(tid),
            first_step: self.recorder.len(),
            released: released.contains(&tid),
            rmw: announced.map_or(Rmw::No, |a| Rmw::of(a.word)),
        });
        (self.enabled, self.waiting) = (enabled, waiting);
        Some(tid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sequence_under_the_branch_under_way_is_covered_and_others_wait_their_turn() {
        let mut node = Node::new(
            Vec::new(),
            Branch::leaf((1, Op::Read(0))),
            WakeupTree::default(),
        );
        node.insert(vec![(1, Op::Read(0)), (2, Op::Write(0))]);
        assert!(
            node.later.children.is_empty(),
            "covered by the branch under way"
        );
        node.insert(vec![(2, Op::Write(0)), (1, Op::Read(0))]);
        assert_eq!(node.later.children.len(), 1);
        assert!(node.next_branch());
        assert_eq!(node.step, (2, Op::Write(0)));
        assert_eq!(node.rest.children.len(), 1, "its rest goes with it");
        assert!(!node.next_branch());
    }
}
