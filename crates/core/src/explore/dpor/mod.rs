//! racelab's own checker for sequential consistency (`--checker dpor`): every SC behaviour of a
//! lab, one execution per Mazurkiewicz class, by optimal dynamic partial-order reduction
//! (Abdulla, Aronis, Jonsson, Sagonas, "Source Sets: A Foundation for Optimal Dynamic Partial
//! Order Reduction", JACM 2017: source sets, sleep sets and wakeup trees).
//!
//! **Where it sits.** On racelab's own model threads ([`Coroutines`]): coroutines on one OS
//! thread with shuttle's scheduling points, so a schedule means the same on both, at a fraction
//! of shuttle's cost a step (it ran here first; its runtime was most of an execution's cost).
//! The executor asks the checker who moves next at every scheduling point; racelab's `Cell`,
//! `Lock`, await points and harness announce on a [board] what each thread will do there, so
//! each step the checker picks is one event of the paper (an operation and the local code after
//! it). A replay token is the list of picks, as for shuttle's own checkers.
//!
//! **Its rules beyond the paper.** Two steps are dependent when they touch the same cell and one
//! writes, or the same lock ([`event`]); lock acquisitions race as in the paper and Nidhugg
//! (an unlock and the next lock do not: the lock waited). The waiting primitives are small state
//! machines ([`sync`]); a spurious wakeup is dependent only with its condition variable and
//! the other spurious wakeups, and the executions in which it never comes are found by passes
//! with a smaller bound ([`explore`]). A thread whose reads repeat a turn of a loop, having
//! written nothing, waits until another thread writes a cell the loop reads (GenMC's
//! spin-assume rule, [`model`]): a spin lock and Peterson's lock are proven, and a spin that
//! nothing can end is a hang. When every unfinished thread waits, the execution ends there: a
//! deadlock (all wait for locks or primitives) or a hang. The counterexample shown is the
//! simplest order of the simplest violating class ([`linearize`]).

pub(crate) mod board;
mod bypass;
mod clock;
pub(crate) mod event;
mod linearize;
mod model;
mod pass;
pub mod play;
mod reads_from;
mod scheduler;
mod split;
mod steer;
mod symmetry;
pub(crate) mod sync;
mod wakeup;

use super::budget::Clock;
use super::findings::{Execution, Findings};
use super::{panics, token, Run};
use crate::harness::{execute, Setup};
use crate::runtime::coroutines::executor::{self, Failure};
use crate::runtime::Coroutines;
use crate::trace::{Action, Recorder, Step};
use crate::{Checker, Counterexample, Error, Lab, Params, State};
use event::Obj;
use model::Wait;
use scheduler::{Dpor, Finished};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

/// The verdict of an execution in which every unfinished thread waits for a lock.
pub const DEADLOCK: &str = "deadlock";
/// The verdict of an execution in which a thread spins on a cell that no thread can change.
pub const HANG: &str = "hang";

/// Keeps the board active while an exploration runs on this OS thread, whatever happens.
pub(super) struct Active;

impl Active {
    /// Starts, allowing each execution up to `spurious` spurious wakeups.
    pub(super) fn start(spurious: u32) -> Self {
        board::activate(true);
        board::allow_spurious(spurious);
        Active
    }
}

/// What an exploration saw beyond its findings.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Explored {
    /// Executions cut short because every enabled thread was asleep (0 when the reduction is
    /// optimal).
    pub sleep_blocked: u64,
    /// Whether a thread waited on a condition variable (so the bound on spurious wakeups
    /// mattered).
    pub waited: bool,
    /// Whether symmetric threads were explored once per orbit ([`symmetry`]).
    pub symmetric: bool,
    /// Whether one execution per reads-from class was explored ([`reads_from`]).
    pub reads_from: bool,
    /// The step that the reads-from exploration, asked for, did not follow (so it explored one
    /// execution per Mazurkiewicz class instead).
    pub unfollowed: Option<&'static str>,
}

impl Drop for Active {
    fn drop(&mut self) {
        board::activate(false);
    }
}

/// Explores every SC class of `variant` (or, with `forced`, replays that one schedule), each
/// execution with at most `spurious` spurious wakeups.
///
/// A spurious wakeup is dependent only with its condition variable's steps and with other
/// spurious wakeups (they share the bound), so where it happens among the other threads' steps
/// is one class. The executions where it never comes are explored by passes: the pass with
/// `spurious` records every execution; each pass with fewer, `j`, records only its deadlocks in
/// which a thread waits for a notify. With `j` spent nothing more can wake it there, and with
/// more left, the pass with `spurious` does not end there: so each such deadlock is recorded
/// once, in the pass whose bound it spent.
///
/// With `symmetric`, where the lab says the variant's threads are symmetric, each orbit of
/// classes under renaming the threads is explored once ([`symmetry`]); if a thread asks for
/// its number, the exploration starts again without.
pub(crate) fn explore<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    clock: Clock,
    forced: Option<Vec<usize>>,
    options: Options,
) -> Result<(Run, Explored), Error> {
    let index = lab.info().variants.iter().position(|v| v.name == variant);
    let symmetric = options.symmetric
        && forced.is_none()
        && params.threads >= 2
        && index.is_some_and(|i| lab.symmetric(i));
    let mut plan = pass::Plan {
        variant,
        params,
        clock,
        spurious: options.spurious,
        split: options.split.filter(|_| forced.is_none()),
    };
    let mut reads_from = options.reads_from && forced.is_none();
    let mut unfollowed = None;
    let (wanted, mut symmetric) = (symmetric, symmetric && !reads_from);
    loop {
        let (run, explored, outcome) = plan.explore(lab, forced.clone(), symmetric, reads_from)?;
        match outcome {
            pass::Outcome::Done => {
                let explored = Explored {
                    unfollowed,
                    ..explored
                };
                return Ok((run, explored));
            }
            pass::Outcome::Named => symmetric = false,
            pass::Outcome::Unfollowed(word) => {
                (reads_from, unfollowed, symmetric) = (false, Some(word), wanted);
            }
            pass::Outcome::Unsplittable => {
                // Explored whole by the first shard, and by none of the others.
                if plan.split.is_some_and(|(_, shard)| shard.index != 1) {
                    return Ok((Run::default(), Explored::default()));
                }
                plan.split = None;
            }
        }
    }
}

/// How to explore: the bound on spurious wakeups, and whether to explore symmetric threads once
/// per orbit and to split the proof.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// The most spurious wakeups an execution may have.
    pub spurious: u32,
    /// Explore symmetric threads once per orbit, where the lab says they are ([`symmetry`]).
    pub symmetric: bool,
    /// Split the proof into units ([`split`]) for this many threads, taking this shard's units.
    pub split: Option<(usize, crate::explore::Shard)>,
    /// Explore one execution per reads-from class ([`reads_from`]) where the lab's steps allow.
    pub reads_from: bool,
}

impl Options {
    /// Every spurious wakeup up to `spurious`, no reduction by symmetry, no split.
    pub fn plain(spurious: u32) -> Self {
        Options {
            spurious,
            symmetric: false,
            split: None,
            reads_from: false,
        }
    }
}

/// Runs the lab under `dpor` (which decides how many executions), each execution's final state
/// into `last`, its steps into `recorder`.
pub(super) fn run_executions<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    dpor: Dpor,
    recorder: Recorder,
    last: Arc<Mutex<Option<State>>>,
) -> Result<(), Error> {
    let (lab, params) = (lab.clone(), params.clone());
    let model = move || {
        // An execution the checker stopped may still hand over a state as it is unwound: only
        // the execution that ends here does.
        *last.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let setup = Setup {
            recorder: Some(recorder.clone()),
            ..Setup::default()
        };
        let state = execute::<L, Coroutines>(&lab, variant, &params, &setup);
        *last.lock().unwrap_or_else(|p| p.into_inner()) = Some(state);
    };
    let mut dpor = dpor;
    let checker = "racelab's SC checker";
    // A panic of the checker's own is reported like one of the lab's.
    let run = catch_unwind(AssertUnwindSafe(|| {
        executor::run(&mut dpor, Arc::new(model))
    }));
    let run = run.unwrap_or_else(|payload| Err(Failure::Panicked(payload)));
    run.map_err(|failure| match failure {
        Failure::Endless(steps) => Error::Hang {
            checker: checker.into(),
            steps,
            advice: format!(
                "a loop that never ends does (a loop that writes as it waits, or reads more \
                 than {} cells a turn, is not taken for a spin that waits): look for a loop \
                 that cannot exit",
                event::SPUN_CELLS
            ),
        },
        Failure::Panicked(payload) => Error::Panicked {
            checker: checker.into(),
            message: panics::message(&*payload),
        },
    })
}

/// The state and verdict of a finished execution (`state` is the lab's observation, if its
/// threads all finished); none for one the checker stopped.
pub(super) fn judged<L: Lab>(
    lab: &L,
    params: &Params,
    finished: &Finished,
    state: Option<State>,
) -> Option<(State, Vec<String>)> {
    match (&finished.stuck, state) {
        (Some(stuck), _) => Some(stuck_outcome(lab, params, finished, stuck)),
        (None, Some(state)) => {
            let violations = lab.violations(params, &state);
            Some((state, violations))
        }
        (None, None) => None,
    }
}

/// The state and verdict of an execution that ended with every unfinished thread waiting.
fn stuck_outcome<L: Lab>(
    lab: &L,
    params: &Params,
    finished: &Finished,
    stuck: &scheduler::Stuck,
) -> (State, Vec<String>) {
    let cells: State = finished
        .cells
        .iter()
        .filter_map(|o| o.value.map(|v| (o.name.to_string(), v)))
        .collect();
    let waiting = stuck.waits.len();
    let all_locks = stuck.waits.iter().all(|w| w.1.is_blocking());
    let verdict = if all_locks { DEADLOCK } else { HANG };
    let (state, mut violations) = match lab.stuck_state(params, &cells, waiting) {
        Some(state) => {
            let violations = lab.violations(params, &state);
            (state, violations)
        }
        None => (cells, Vec::new()),
    };
    if !violations.iter().any(|v| v == verdict) {
        violations.push(verdict.to_string());
    }
    (state, violations)
}

/// Counts an execution; when it is a violation that may be simpler than the best so far, finds
/// the simplest order of its class and keeps it, with its steps and replay token.
#[allow(clippy::too_many_arguments)]
fn record<L: Lab>(
    findings: &mut Findings,
    lab: &L,
    variant: &'static str,
    params: &Params,
    finished: &Finished,
    recorder: &Recorder,
    state: State,
    violations: Vec<String>,
    elapsed: std::time::Duration,
    replaying: bool,
) {
    let length = finished
        .stuck
        .as_ref()
        .map_or_else(|| recorder.len(), |s| s.steps + s.waits.len());
    let mut run = Execution {
        state,
        violations,
        length,
        preemptions: usize::MAX,
        found_by: Checker::Dpor,
        elapsed,
        weak: recorder.weak(),
    };
    let mut order = None;
    if !run.violations.is_empty() {
        let verdict = crate::verdict_of(&run.violations);
        let bound = |best: Option<&Counterexample>| match best {
            None => Some(usize::MAX),
            Some(b) if length < b.steps.len() => Some(b.preemptions),
            Some(b) => b.preemptions.checked_sub(1),
        };
        let at_most =
            bound(findings.best.as_ref()).max(bound(findings.best_by_verdict.get(&verdict)));
        let (events, threads) = (&finished.events, finished.threads);
        let tail = finished.lock_waits();
        if replaying {
            let hb = finished.order();
            let (given, preemptions) = linearize::own_order(events, &hb, threads, &tail);
            run.preemptions = preemptions;
            order = Some(given);
        } else if let Some((best, preemptions)) = at_most.and_then(|at_most| {
            linearize::simplest(events, &finished.order(), threads, &tail, at_most)
        }) {
            run.preemptions = preemptions;
            order = Some(best);
        }
    }
    findings.classes += finished.orbit;
    findings.spun |= finished.spun();
    if !replaying {
        keep_bypass(findings, lab, variant, params, finished, recorder);
    } else if run.violations.is_empty() {
        let given: Vec<usize> = (0..finished.events.len()).collect();
        findings.replayed = reorder(finished, recorder.steps(), &given);
    }
    let steps = || reorder(finished, recorder.take(), order.as_deref().unwrap_or(&[]));
    let replay = || {
        let order = order.as_deref()?;
        let choices: Vec<usize> = order.iter().map(|&k| finished.events[k].tid).collect();
        token::encode_sc(lab.info().id, variant, params, &choices)
    };
    findings.record(run, steps, replay);
}

/// Keeps each object's worst bypass in `finished` that beats the worst so far, with an order of
/// its steps that shows it and that order's replay token.
fn keep_bypass<L: Lab>(
    findings: &mut Findings,
    lab: &L,
    variant: &'static str,
    params: &Params,
    finished: &Finished,
    recorder: &Recorder,
) {
    // The holds of symmetric threads leave the counts alone (twins part at their first take,
    // so no hold orders a take): only the order shown leaves them out.
    let (events, analysis) = (&finished.events, &finished.analysis);
    // A take is bypassed at most once by each other take of its object: an execution with too
    // few takes of every object to beat the worst kept of it has nothing to keep (once the
    // worst is found, most executions).
    let mut takes: Vec<u64> = Vec::new();
    for o in (events.iter()).filter_map(|e| e.op.object().filter(|_| e.takes)) {
        let o = o as usize;
        if takes.len() <= o {
            takes.resize(o + 1, 0);
        }
        takes[o] += 1;
    }
    let beatable = (takes.iter().enumerate()).any(|(o, &n)| n > findings.bypass_times(o) + 1);
    if !beatable {
        return;
    }
    let kind = |o: Obj| finished.cells.get(o as usize).and_then(|c| c.kind);
    let fifo = |o: Obj| matches!(kind(o), Some(sync::Kind::Semaphore { fifo: true, .. }));
    for worst in bypass::worst(events, analysis, fifo) {
        let name = finished
            .cells
            .get(worst.obj as usize)
            .map_or("?", |c| c.name);
        findings.keep_bypass(worst.obj as usize, worst.times, || {
            let order = bypass::order(events, &finished.order(), &worst);
            let choices: Vec<usize> = order.iter().map(|&k| events[k].tid).collect();
            crate::Bypass {
                object: name.to_string(),
                kind: match kind(worst.obj) {
                    Some(sync::Kind::Semaphore { fifo: true, .. }) => "fifo semaphore",
                    Some(sync::Kind::Semaphore { .. }) => "semaphore",
                    Some(sync::Kind::RwLock) => "rwlock",
                    _ => "lock",
                }
                .to_string(),
                times: worst.times,
                thread: worst.waiter,
                steps: reorder(finished, recorder.steps(), &order),
                replay: token::encode_sc(lab.info().id, variant, params, &choices),
            }
        });
    }
}

/// The recorded steps in the order of `order` (events), each event's steps together, each step
/// that preempts another thread marked as the order's preemptions say; for a stuck execution,
/// then one step per waiting thread.
pub(super) fn reorder(finished: &Finished, mut all: Vec<Step>, order: &[usize]) -> Vec<Step> {
    let events = &finished.events;
    if let Some(stuck) = &finished.stuck {
        all.truncate(stuck.steps);
    }
    let end = |k: usize| {
        events
            .get(k + 1)
            .map_or(all.len(), |e| e.first_step.min(all.len()))
    };
    let tail = finished.lock_waits();
    let analysis = finished.order();
    let marks = linearize::preemptions(events, &analysis, finished.threads, &tail, order);
    // A preempting event that recorded no step hands its mark to its thread's next step.
    let mut pending: Vec<Option<usize>> = vec![None; finished.threads.max(1)];
    let mut steps: Vec<Step> = Vec::with_capacity(all.len());
    for (&k, mark) in order.iter().zip(marks) {
        let tid = events[k].tid;
        if mark.is_some() {
            pending[tid] = mark;
        }
        if events[k].released {
            continue;
        }
        for step in &all[events[k].first_step.min(all.len())..end(k)] {
            let mut step = step.clone();
            step.preempts = pending.get_mut(step.thread).and_then(Option::take);
            steps.push(step);
        }
    }
    if let Some(stuck) = &finished.stuck {
        let names = &finished.cells;
        let name = |o: Obj| names.get(o as usize).map_or("?", |o| o.name);
        for &(tid, wait, at) in &stuck.waits {
            let (action, target, value, note) = match wait {
                Wait::Lock { lock, holder } => {
                    (Action::Deadlock, name(lock), Some(holder as i64), None)
                }
                Wait::Change(watched) => {
                    let (first, others) = watched.reads().split_first().expect("a cell");
                    let others = others
                        .iter()
                        .map(|&(c, v)| format!(" or {} ({v})", name(c)));
                    let note = others.collect::<String>();
                    let note = (!note.is_empty()).then_some(note);
                    (Action::Spin, name(first.0), Some(first.1), note)
                }
                Wait::Sync { obj, why } => (
                    Action::Blocked,
                    name(obj),
                    None,
                    Some(sync::stuck_words(why)),
                ),
            };
            steps.push(Step {
                thread: tid,
                action,
                target: target.into(),
                value,
                stale: false,
                ordering: None,
                file: at.map_or("", |l| l.file()).into(),
                line: at.map_or(0, |l| l.line()),
                preempts: None,
                note,
            });
        }
    }
    steps
}
