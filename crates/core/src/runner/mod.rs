//! The real-thread runner: T trials of N threads x K iterations, started together.

use crate::harness::{execute, Setup};
use crate::outcome::OutcomeTable;
use crate::runtime::Std;
use crate::{validate, Backend, Error, FirstViolation, Lab, LossSummary, Params, Report};
use crate::{LabInfo, State, Trial, Window, SCHEMA};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// The most trials one run accepts.
pub const MAX_TRIALS: u64 = 1_000_000;

/// What to run on real threads.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// The variant.
    pub variant: String,
    /// Threads, iterations, lab values.
    pub params: Params,
    /// How many independent trials.
    pub trials: u64,
    /// The race window.
    pub window: Window,
}

/// Runs the trials; `progress` is called with the number of trials done after each one.
pub fn run_threads<L: Lab>(
    lab: &L,
    request: &RunRequest,
    progress: &mut dyn FnMut(u64),
) -> Result<Report, Error> {
    run_watched(lab, request, progress, WATCHDOG)
}

fn run_watched<L: Lab>(
    lab: &L,
    request: &RunRequest,
    progress: &mut dyn FnMut(u64),
    patience: Duration,
) -> Result<Report, Error> {
    let variant = validate::variant(lab, &request.variant)?;
    validate::params(lab, &request.params, Backend::Threads)?;
    if !(1..=MAX_TRIALS).contains(&request.trials) {
        return Err(Error::BadInput(format!(
            "--trials {}: use from 1 to {MAX_TRIALS}",
            request.trials
        )));
    }
    let setup = Setup {
        window: request.window,
        recorder: None,
        start_together: true,
    };
    let started = Instant::now();
    let mut table = OutcomeTable::default();
    let mut trials = Vec::new();
    let mut first_violation = None;
    let mut watchdog = Watchdog::start(lab, variant.name, &request.params, &setup, patience);
    for done in 1..=request.trials {
        let (state, violations) = match watchdog.trial() {
            Some(state) => {
                trials.extend(lab.trial(&request.params, &state));
                let violations = lab.violations(&request.params, &state);
                (state, violations)
            }
            None => {
                watchdog = Watchdog::start(lab, variant.name, &request.params, &setup, patience);
                (
                    State::from([(STUCK.to_string(), 1)]),
                    vec![STUCK_VERDICT.to_string()],
                )
            }
        };
        if first_violation.is_none() && !violations.is_empty() {
            first_violation = Some(FirstViolation {
                execution: done,
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            });
        }
        table.add(state.clone(), &violations);
        progress(done);
    }
    Ok(real_report(
        lab.info(),
        request,
        &table,
        trials,
        first_violation,
        started,
    ))
}

/// The report of a real run (threads or processes): what the trials showed, never exhaustive.
pub fn real_report(
    info: &LabInfo,
    request: &RunRequest,
    table: &OutcomeTable,
    trials: Vec<Trial>,
    first_violation: Option<FirstViolation>,
    started: Instant,
) -> Report {
    let counted = !trials.is_empty();
    let limit = crate::Limit::RealRuns {
        workers: info.worker_unit().into(),
    };
    Report {
        schema: SCHEMA.into(),
        lab: info.id.into(),
        variant: request.variant.clone(),
        backend: Backend::Threads,
        checker: None,
        params: request.params.clone(),
        exhaustive: false,
        limited_by: Some(limit.to_string()),
        limit: Some(limit),
        max_preemptions: None,
        seed: None,
        window: Some(request.window),
        executions: table.total(),
        violations: table.violations(),
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        first_violation,
        shard: None,
        outcomes: table.rows(),
        counterexample: None,
        counterexamples_by_verdict: Vec::new(),
        redundant: None,
        spurious_wakeups: None,
        weak_orderings: Vec::new(),
        caveat: None,
        chosen_because: None,
        loss: counted.then(|| loss_summary(&trials)),
        trials: counted.then_some(trials),
    }
}

/// The state of a trial the watchdog gave up on.
pub const STUCK: &str = "stuck";
/// Its verdict.
pub const STUCK_VERDICT: &str = "stuck: the trial did not finish (a deadlock?)";
/// How long a trial may take before the watchdog gives up on it.
pub const WATCHDOG: Duration = Duration::from_secs(10);

/// Runs trials on a thread of its own, so that a trial whose threads never finish (a deadlock
/// no lock detected) is abandoned after [`WATCHDOG`] instead of hanging the run. Its threads stay
/// blocked until the process exits; the next trial gets a fresh watchdog and a fresh state.
struct Watchdog {
    start: Sender<()>,
    done: Receiver<State>,
    patience: Duration,
}

impl Watchdog {
    fn start<L: Lab>(
        lab: &L,
        variant: &'static str,
        params: &Params,
        setup: &Setup,
        patience: Duration,
    ) -> Self {
        let (start, starts) = mpsc::channel::<()>();
        let (finished, done) = mpsc::channel();
        let (lab, params, setup) = (lab.clone(), params.clone(), setup.clone());
        std::thread::spawn(move || {
            for () in starts {
                let state = execute::<L, Std>(&lab, variant, &params, &setup);
                if finished.send(state).is_err() {
                    return;
                }
            }
        });
        Watchdog {
            start,
            done,
            patience,
        }
    }

    /// One trial's final state, or `None` when it did not finish in time.
    fn trial(&self) -> Option<State> {
        self.start.send(()).ok()?;
        self.done.recv_timeout(self.patience).ok()
    }
}

/// Trials that lost updates, and the min / median / max lost per trial.
pub fn loss_summary(trials: &[Trial]) -> LossSummary {
    let mut lost: Vec<i64> = trials.iter().map(|t| t.lost).collect();
    lost.sort_unstable();
    LossSummary {
        lossy_trials: lost.iter().filter(|&&l| l > 0).count() as u64,
        min: lost.first().copied().unwrap_or(0),
        median: lost.get(lost.len() / 2).copied().unwrap_or(0),
        max: lost.last().copied().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests;
