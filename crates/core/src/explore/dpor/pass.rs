//! The passes of one exploration (one per bound on spurious wakeups), each on this thread, or
//! split into units over several threads ([`super::split`]).

use super::board;
use super::model::Wait;
use super::scheduler::{Dpor, Finished, SharedProgress};
use super::split::{Claim, Units, LEVELS};
use super::sync::Blocked;
use super::{judged, record, run_executions, Active, Explored};
use crate::explore::budget::Clock;
use crate::explore::findings::{Findings, SharedFindings};
use crate::explore::{panics, Run, Shard};
use crate::trace::Recorder;
use crate::{Error, Lab, Limit, Params, State};
use std::collections::BTreeMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

/// What every pass of an exploration shares.
pub(super) struct Plan<'a> {
    pub variant: &'static str,
    pub params: &'a Params,
    pub clock: Clock,
    pub spurious: u32,
    /// Threads, and the shard whose units they take, when the proof is split.
    pub split: Option<(usize, Shard)>,
}

/// What the boards of a pass saw.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    /// A thread waited on a condition variable.
    waited: bool,
    /// A lab thread asked for its number.
    named: bool,
}

impl Seen {
    fn of_board() -> Seen {
        Seen {
            waited: board::waited(),
            named: board::thread_named(),
        }
    }

    fn or(self, other: Seen) -> Seen {
        Seen {
            waited: self.waited || other.waited,
            named: self.named || other.named,
        }
    }
}

/// Where executions are recorded: one table, or one per unit of a split proof (by pass and
/// unit), merged in the end.
#[derive(Clone)]
enum Sink {
    One(SharedFindings),
    Units(Arc<Mutex<BTreeMap<(u32, u64), Findings>>>),
}

impl Plan<'_> {
    /// Explores (or replays `forced`), symmetric threads once per orbit if `symmetric`; and
    /// whether a thread asked for its number.
    pub fn explore<L: Lab>(
        &self,
        lab: &L,
        forced: Option<Vec<usize>>,
        symmetric: bool,
        reads_from: bool,
    ) -> Result<(Run, Explored, Outcome), Error> {
        panics::quiet_budget_stops();
        let _active = Active::start(self.spurious);
        let progress = SharedProgress::default();
        let sink = match self.split {
            None => Sink::One(SharedFindings::default()),
            Some(_) => Sink::Units(Arc::default()),
        };
        let replaying = forced.is_some();
        let pass = Pass {
            plan: self,
            progress: &progress,
            sink: &sink,
            replaying,
            symmetric,
            reads_from,
        };
        let mut seen = pass.run(lab, forced, true, self.spurious, 0)?;
        if !replaying && seen.waited {
            for fewer in 0..self.spurious {
                let progress = progress.lock();
                if progress.stopped.is_some() || progress.unsplittable {
                    break;
                }
                drop(progress);
                seen = seen.or(pass.run(lab, None, false, fewer, fewer + 1)?);
            }
        }
        let mut progress = progress.lock();
        if progress.unsplittable {
            return Ok((Run::default(), Explored::default(), Outcome::Unsplittable));
        }
        if let Some(word) = progress.unfollowed {
            return Ok((
                Run::default(),
                Explored::default(),
                Outcome::Unfollowed(word),
            ));
        }
        if let Some(misfit) = progress.misfit {
            return Err(crate::explore::misfit_error(misfit));
        }
        if progress.nondeterministic {
            return Err(Error::Failed(
                "the lab did not repeat itself on the same schedule (does it read a clock, a \
                 random number or state from an earlier execution?): the SC checker needs \
                 deterministic labs"
                    .into(),
            ));
        }
        let findings = match sink {
            Sink::One(findings) => findings.take(),
            Sink::Units(units) => merged(std::mem::take(&mut *lock(&units))),
        };
        let run = Run {
            findings,
            limited_by: progress.stopped.take(),
        };
        let explored = Explored {
            sleep_blocked: progress.sleep_blocked,
            waited: seen.waited,
            symmetric,
            reads_from,
            unfollowed: None,
        };
        let outcome = match symmetric && seen.named {
            true => Outcome::Named,
            false => Outcome::Done,
        };
        Ok((run, explored, outcome))
    }
}

/// How an exploration ended, beside its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// It is the result.
    Done,
    /// A lab thread asked for its number: the threads are not symmetric after all.
    Named,
    /// A split proof met a cooperative task: it must be explored whole.
    Unsplittable,
    /// The reads-from exploration met a step it does not follow (the step's word).
    Unfollowed(&'static str),
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The findings of every unit as one: the simplest counterexample of all, equally simple ones
/// by their replay tokens, so that it is the same however the units were spread. (In which
/// order the units ran is no one order, so no execution is the first violation.)
fn merged(units: BTreeMap<(u32, u64), Findings>) -> Findings {
    let mut all = Findings::default();
    for (_, findings) in units {
        all.merge_canonical(findings);
    }
    all.first_violation = None;
    all
}

/// One pass of an exploration.
struct Pass<'a> {
    plan: &'a Plan<'a>,
    progress: &'a SharedProgress,
    sink: &'a Sink,
    replaying: bool,
    symmetric: bool,
    reads_from: bool,
}

impl Pass<'_> {
    /// Explores (or replays `forced`) with at most `bound` spurious wakeups per execution,
    /// recording every execution, or with `all` false only the deadlocks in which a thread
    /// waits for a notify; `number` tells the passes apart.
    fn run<L: Lab>(
        &self,
        lab: &L,
        forced: Option<Vec<usize>>,
        all: bool,
        bound: u32,
        number: u32,
    ) -> Result<Seen, Error> {
        let Some((jobs, shard)) = self.plan.split else {
            board::allow_spurious(bound);
            self.one(lab, forced, all, None, number)?;
            return Ok(Seen::of_board());
        };
        let next = Arc::new(AtomicU64::new(0));
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..jobs.max(1))
                .map(|_| {
                    let claim = Claim::new(shard, next.clone());
                    scope.spawn(move || {
                        let _active = Active::start(bound);
                        self.one(lab, None, all, Some(claim), number)?;
                        Ok(Seen::of_board())
                    })
                })
                .collect();
            let mut seen = Seen::default();
            for worker in workers {
                let result: Result<Seen, Error> = worker.join().unwrap_or_else(|payload| {
                    Err(Error::Panicked {
                        checker: "racelab's SC checker".into(),
                        message: panics::message(&*payload),
                    })
                });
                seen = seen.or(result?);
            }
            Ok(seen)
        })
    }

    /// Runs the executions of this pass that `claim` takes (all of them without one) on this
    /// thread.
    fn one<L: Lab>(
        &self,
        lab: &L,
        forced: Option<Vec<usize>>,
        all: bool,
        claim: Option<Claim>,
        number: u32,
    ) -> Result<(), Error> {
        let last: Arc<Mutex<Option<State>>> = Arc::default();
        let recorder = Recorder::default();
        let plan = self.plan;
        let (variant, replaying, clock) = (plan.variant, self.replaying, plan.clock);
        let on_finish = {
            let (lab, params, sink, last, recorder, progress) = (
                lab.clone(),
                plan.params.clone(),
                self.sink.clone(),
                last.clone(),
                recorder.clone(),
                self.progress.clone(),
            );
            Box::new(move |finished: &Finished| {
                let state = lock(&last).take();
                let waits_for_notify = (finished.stuck.iter().flat_map(|s| &s.waits)).any(|w| {
                    matches!(
                        w.1,
                        Wait::Sync {
                            why: Blocked::Notify,
                            ..
                        }
                    )
                });
                if !all && !waits_for_notify {
                    recorder.clear();
                    return;
                }
                let Some((state, violations)) = judged(&lab, &params, finished, state) else {
                    return;
                };
                let elapsed = clock.elapsed();
                if !violations.is_empty() && clock.stop_at_first() {
                    // No execution starts after this one (nor in another unit, or pass).
                    progress.lock().stopped.get_or_insert(Limit::FirstViolation);
                }
                let record_into = |findings: &mut Findings| {
                    record(
                        findings, &lab, variant, &params, finished, &recorder, state, violations,
                        elapsed, replaying,
                    )
                };
                match &sink {
                    Sink::One(findings) => record_into(&mut findings.lock()),
                    Sink::Units(units) => {
                        let unit = (number, finished.unit.unwrap_or(0));
                        record_into(lock(units).entry(unit).or_default())
                    }
                }
            })
        };
        let mut dpor = Dpor::new(
            self.progress.clone(),
            clock,
            recorder.clone(),
            on_finish,
            forced,
        );
        if self.symmetric {
            dpor = dpor.symmetric(plan.params.threads);
        }
        if self.reads_from {
            dpor = dpor.reads_from();
        }
        if let Some(claim) = claim {
            dpor = dpor.split(Units::new(LEVELS, claim));
        }
        run_executions(lab, variant, plan.params, dpor, recorder, last)
    }
}
