//! The scheduler game (`racelab play`): one execution under racelab's SC checker, steered by a
//! player's moves, paused where they end. Each position is computed afresh from the list of
//! moves, so undo and restart are a shorter list.

use super::board::{self, Object};
use super::event::{self, Obj, Op, Tid};
use super::model::{Model, Wait, Watched};
use super::scheduler::{Dpor, Finished, SharedProgress};
use super::steer::{Refusal, Steer};
use super::sync::{self, Kind};
use super::{judged, reorder, run_executions, Active};
use crate::explore::budget::{Budget, Clock};
use crate::explore::{panics, token};
use crate::trace::{Action, Recorder, Step};
use crate::{Error, Lab, Params, State};
use std::panic::Location;
use std::sync::{Arc, Mutex};

/// What a lab thread does next, or why it cannot move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Its next step: `word` (load, store, lock, ...) on `target`, at `line`.
    Step {
        /// The operation, in the timeline's words.
        word: &'static str,
        /// The cell or lock (empty for an await or a thread's start).
        target: String,
        /// The source line (0 when unknown).
        line: u32,
        /// The source file of that line (empty when unknown).
        file: String,
        /// It waits on a condition variable that nobody notified: it can only wake without a
        /// notify (a spurious wakeup), so leaving it is no preemption.
        spurious: bool,
    },
    /// It waits for `lock`, which thread `holder` holds.
    WaitsForLock {
        /// The lock.
        lock: String,
        /// The thread that holds it.
        holder: usize,
        /// Where it waits.
        line: u32,
    },
    /// It keeps reading the same values, and waits for another thread to change one.
    Spins {
        /// The cells and the values it keeps reading, in words (`flag = 1 and turn = 2`).
        reads: String,
        /// Where it reads.
        line: u32,
    },
    /// It waits on a condition variable, semaphore, barrier, read-write lock or channel.
    Waits {
        /// For what, in words ("waits for a notify on not_empty").
        why: String,
        /// Where it waits.
        line: u32,
    },
    /// It has finished.
    Finished,
}

/// A cell's value, or a lock's holder, at a pause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// Its name in the lab.
    pub name: String,
    /// What it holds.
    pub is: Holds,
}

/// What a shared object holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// A cell's value.
    Value(i64),
    /// A lock, and the thread that holds it.
    Lock(Option<usize>),
}

/// Where the game stands after some moves.
#[derive(Debug, Clone)]
pub struct Position {
    /// Each lab thread (numbered from 1) and what it does next.
    pub threads: Vec<(usize, Next)>,
    /// The cells and locks.
    pub shared: Vec<Shared>,
    /// The timeline so far.
    pub steps: Vec<Step>,
}

/// How a game ended: every thread finished, or every unfinished one waits.
#[derive(Debug, Clone)]
pub struct Ending {
    /// The final state (the lab's observation, or the cells of a stuck execution).
    pub state: State,
    /// The invariants it breaks (empty when it holds).
    pub violations: Vec<String>,
    /// The whole timeline.
    pub steps: Vec<Step>,
    /// The preemptions the player's schedule took.
    pub preemptions: usize,
    /// The replay token of the schedule (`racelab replay`).
    pub token: Option<String>,
}

/// The result of playing a list of moves.
#[derive(Debug, Clone)]
pub enum Played {
    /// The moves ran out before the end.
    Paused(Position),
    /// The game is over.
    Over(Box<Ending>),
    /// Move `index` (from 0) cannot be played.
    Refused {
        /// Which move.
        index: usize,
        /// Why, in a sentence.
        reason: String,
        /// What the refused thread waits for, when it waits.
        waits: Option<Next>,
    },
}

/// Plays `moves` (lab thread numbers) on `variant` and says where the game stands. A thread
/// that has not started yet is shown with its first step, found by playing one move ahead.
pub(crate) fn play<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    moves: &[usize],
) -> Result<Played, Error> {
    let mut played = run(lab, variant, params, moves, false)?;
    let Played::Paused(position) = &mut played else {
        return Ok(played);
    };
    let known = position.steps.len();
    for (thread, next) in &mut position.threads {
        if !matches!(next, Next::Step { word: "start", .. }) {
            continue;
        }
        let steps = match run(lab, variant, params, &[moves, &[*thread]].concat(), false)? {
            Played::Paused(ahead) => ahead.steps,
            Played::Over(ending) => ending.steps,
            Played::Refused { waits, .. } => {
                // Its first step would wait: that is what it does next.
                if let Some(waits) = waits {
                    *next = waits;
                }
                continue;
            }
        };
        if let Some(first) = steps.get(known).filter(|s| s.thread == *thread) {
            *next = Next::Step {
                word: match first.action {
                    Action::Await => "run to its first await",
                    action => action.word(),
                },
                target: match first.action {
                    Action::Await => String::new(),
                    _ => first.target.to_string(),
                },
                line: first.line,
                file: first.file.to_string(),
                spurious: false,
            };
        }
    }
    // Nobody can move: every started thread waits, and so would every unstarted one at its
    // first step. The game is over there: start them and end it.
    if !position
        .threads
        .iter()
        .any(|(_, n)| matches!(n, Next::Step { .. }))
    {
        return run(lab, variant, params, moves, true);
    }
    Ok(played)
}

/// One execution along `moves`, paused where they end.
fn run<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    moves: &[usize],
    start_the_rest: bool,
) -> Result<Played, Error> {
    panics::quiet_budget_stops();
    let _active = Active::start(crate::explore::DEFAULT_SPURIOUS_WAKEUPS);
    let out: Arc<Mutex<Option<Played>>> = Arc::default();
    let last: Arc<Mutex<Option<State>>> = Arc::default();
    let recorder = Recorder::default();
    let on_finish = {
        let (lab, params, out, last, recorder) = (
            lab.clone(),
            params.clone(),
            out.clone(),
            last.clone(),
            recorder.clone(),
        );
        Box::new(move |finished: &Finished| {
            let mut out = out.lock().unwrap_or_else(|p| p.into_inner());
            if out.is_some() {
                return;
            }
            let state = last.lock().unwrap_or_else(|p| p.into_inner()).take();
            *out = ending(&lab, variant, &params, finished, &recorder, state)
                .map(|ending| Played::Over(Box::new(ending)));
        })
    };
    let clock = Clock::start(Budget::default());
    let mut steer = Steer::new(moves.to_vec(), params.threads);
    if start_the_rest {
        steer = steer.starting_the_rest();
    }
    let dpor = Dpor::new(
        SharedProgress::default(),
        clock,
        recorder.clone(),
        on_finish,
        None,
    )
    .steered(steer, out.clone());
    run_executions(lab, variant, params, dpor, recorder, last)?;
    let played = out.lock().unwrap_or_else(|p| p.into_inner()).take();
    played.ok_or_else(|| Error::Failed("the game's execution ended without a result".into()))
}

/// The ending of a finished (or stuck) execution.
fn ending<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    finished: &Finished,
    recorder: &Recorder,
    state: Option<State>,
) -> Option<Ending> {
    let (state, violations) = judged(lab, params, finished, state)?;
    let events = &finished.events;
    let given: Vec<usize> = (0..events.len()).collect();
    let steps = reorder(finished, recorder.take(), &given);
    let preemptions = crate::trace::preemptions(&steps);
    let choices: Vec<usize> = events.iter().map(|e| e.tid).collect();
    Some(Ending {
        state,
        violations,
        steps,
        preemptions,
        token: token::encode_sc(lab.info().id, variant, params, &choices),
    })
}

/// Where the game stands, paused before the next step.
pub(super) fn position(
    threads: usize,
    enabled: &[(Tid, Op)],
    waits: &[(Tid, Wait, Option<&'static Location<'static>>)],
    model: &Model,
    steps: Vec<Step>,
) -> Position {
    let objects = board::objects();
    let name = |o: Obj| objects.get(o as usize).map_or("?", |o| o.name).to_string();
    let line = |at: Option<&'static Location<'static>>| at.map_or(0, |l| l.line());
    let threads = (1..=threads)
        .map(|t| {
            let next = if let Some(&(_, op)) = enabled.iter().find(|e| e.0 == t) {
                let announced = board::peek_pending(t);
                let spurious = super::model::only_spuriously(op);
                let word = match announced {
                    _ if spurious => "wakes without a notify from",
                    Some(a) => a.word,
                    None => op.word(),
                };
                Next::Step {
                    spurious,
                    word,
                    target: op.object().map(&name).unwrap_or_default(),
                    line: line(announced.and_then(|a| a.at)),
                    file: (announced.and_then(|a| a.at)).map_or(String::new(), |l| l.file().into()),
                }
            } else if let Some(&(_, wait, at)) = waits.iter().find(|w| w.0 == t) {
                match wait {
                    Wait::Lock { lock, holder } => Next::WaitsForLock {
                        lock: name(lock),
                        holder,
                        line: line(at),
                    },
                    Wait::Change(watched) => Next::Spins {
                        reads: readings(watched, &name),
                        line: line(at),
                    },
                    Wait::Sync { obj, why } => Next::Waits {
                        why: sync::waiting_words(why, &name(obj)),
                        line: line(at),
                    },
                }
            } else {
                Next::Finished
            };
            (t, next)
        })
        .collect();
    // Cells and locks; the waiting primitives show in what their threads wait for.
    let shared = objects
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind.is_none_or(|k| k == Kind::Lock))
        .map(|(o, Object { name, value, .. })| Shared {
            name: name.to_string(),
            is: match value {
                Some(v) => Holds::Value(*v),
                None => Holds::Lock(model.holder(event::obj(o))),
            },
        })
        .collect();
    Position {
        threads,
        shared,
        steps,
    }
}

/// What a refused thread waits for, if it waits.
pub(super) fn waiting(why: Refusal, at: Option<&'static Location<'static>>) -> Option<Next> {
    let objects = board::objects();
    let name = |o: Obj| objects.get(o as usize).map_or("?", |o| o.name).to_string();
    let line = at.map_or(0, |l| l.line());
    match why {
        Refusal::Waits {
            wait: Wait::Lock { lock, holder },
            ..
        } => Some(Next::WaitsForLock {
            lock: name(lock),
            holder,
            line,
        }),
        Refusal::Waits {
            wait: Wait::Change(watched),
            ..
        } => Some(Next::Spins {
            reads: readings(watched, &name),
            line,
        }),
        Refusal::Waits {
            wait: Wait::Sync { obj, why },
            ..
        } => Some(Next::Waits {
            why: sync::waiting_words(why, &name(obj)),
            line,
        }),
        _ => None,
    }
}

/// The cells a spinning thread keeps reading and their values: `flag = 1 and turn = 2`.
fn readings(watched: Watched, name: &impl Fn(Obj) -> String) -> String {
    let reads: Vec<String> = (watched.reads().iter())
        .map(|&(cell, value)| format!("{} = {value}", name(cell)))
        .collect();
    match reads.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => reads.join(""),
    }
}

/// Why a move cannot be played, in a sentence.
pub(super) fn refusal(why: Refusal) -> String {
    let objects = board::objects();
    let name = |o: Obj| objects.get(o as usize).map_or("?", |o| o.name).to_string();
    match why {
        Refusal::NoSuchThread { thread, threads } => {
            format!("there is no thread {thread}: the threads are 1 to {threads}")
        }
        Refusal::Finished { thread } => format!("thread {thread} has finished"),
        Refusal::Waits {
            thread,
            wait: Wait::Lock { lock, holder },
        } if holder == thread => format!(
            "thread {thread} waits for lock {}, which it holds itself",
            name(lock)
        ),
        Refusal::Waits {
            thread,
            wait: Wait::Lock { lock, holder },
        } => format!(
            "thread {thread} waits for lock {}, held by thread {holder}",
            name(lock)
        ),
        Refusal::Waits {
            thread,
            wait: Wait::Change(watched),
        } => {
            let one = watched.reads().len() == 1;
            format!(
                "thread {thread} keeps reading {}: it waits until another thread changes {}",
                readings(watched, &name),
                if one { "it" } else { "one of them" }
            )
        }
        Refusal::Waits {
            thread,
            wait: Wait::Sync { obj, why },
        } => format!("thread {thread} {}", sync::waiting_words(why, &name(obj))),
    }
}
