//! The real-thread runner: T trials of N threads x K iterations, started together.

use crate::harness::{execute, Setup};
use crate::outcome::OutcomeTable;
use crate::runtime::Std;
use crate::stalls::{Reading, Stalls, STILL};
use crate::{validate, Backend, Error, FirstViolation, Lab, LossSummary, Params, Report};
use crate::{LabInfo, State, Trial, Window, SCHEMA};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
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
        stalls: None,
    };
    let started = Instant::now();
    let mut table = OutcomeTable::default();
    let mut trials = Vec::new();
    let mut first_violation = None;
    let mut watchdog = Watchdog::start(lab, variant.name, &request.params, &setup, patience);
    for done in 1..=request.trials {
        let (state, violations) = match watchdog.trial() {
            Ok(state) => {
                trials.extend(lab.trial(&request.params, &state));
                let violations = lab.violations(&request.params, &state);
                (state, violations)
            }
            Err(abandoned) => {
                watchdog = Watchdog::start(lab, variant.name, &request.params, &setup, patience);
                let verdict = match abandoned {
                    Abandoned::AllWaited => WAITED_VERDICT,
                    Abandoned::TimedOut => STUCK_VERDICT,
                };
                (
                    State::from([(STUCK.to_string(), 1)]),
                    vec![verdict.to_string()],
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
        equivalence: None,
        classes: None,
        reads_from_unfollowed: None,
        spurious_wakeups: None,
        weak_orderings: Vec::new(),
        bypass: Vec::new(),
        replayed: Vec::new(),
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
/// The verdict of a trial in which every unfinished thread waited in a waiting primitive and
/// none woke (no ", ": a verdict lists its violations with it).
pub const WAITED_VERDICT: &str =
    "stuck: every thread waited and none woke (a deadlock or a lost wakeup)";
/// How long a trial may take before the watchdog gives up on it.
pub const WATCHDOG: Duration = Duration::from_secs(10);

/// Runs trials on a thread of its own, so that a trial whose threads never finish (a deadlock
/// no lock detected) is abandoned instead of hanging the run: at once when every unfinished
/// thread has waited in a waiting primitive for [`STILL`] with nothing moving (a lost wakeup),
/// else after [`WATCHDOG`]. Its threads stay blocked until the process exits; the next trial
/// gets a fresh watchdog and a fresh state.
struct Watchdog {
    start: Sender<Stalls>,
    done: Receiver<State>,
    patience: Duration,
    threads: usize,
}

/// Why the watchdog gave up on a trial.
enum Abandoned {
    /// Every unfinished thread waited in a waiting primitive, with nothing moving, for [`STILL`].
    AllWaited,
    /// It took longer than the watchdog's patience.
    TimedOut,
}

/// How often the watchdog looks at a trial's waits.
const LOOK: Duration = Duration::from_millis(25);

impl Watchdog {
    fn start<L: Lab>(
        lab: &L,
        variant: &'static str,
        params: &Params,
        setup: &Setup,
        patience: Duration,
    ) -> Self {
        let (start, starts) = mpsc::channel::<Stalls>();
        let (finished, done) = mpsc::channel();
        let (lab, params, setup) = (lab.clone(), params.clone(), setup.clone());
        let threads = params.threads;
        std::thread::spawn(move || {
            for stalls in starts {
                let setup = Setup {
                    stalls: Some(stalls),
                    ..setup.clone()
                };
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
            threads,
        }
    }

    /// One trial's final state, or why it was given up.
    fn trial(&self) -> Result<State, Abandoned> {
        let stalls = Stalls::new(self.threads);
        (self.start.send(stalls.clone())).map_err(|_| Abandoned::TimedOut)?;
        let started = Instant::now();
        let mut still: Option<(Reading, Instant)> = None;
        loop {
            match self.done.recv_timeout(LOOK) {
                Ok(state) => return Ok(state),
                Err(RecvTimeoutError::Disconnected) => return Err(Abandoned::TimedOut),
                Err(RecvTimeoutError::Timeout) => {}
            }
            let now = stalls.read();
            still = match still {
                Some((seen, since)) if seen == now && now.all_wait => {
                    if since.elapsed() >= STILL {
                        return Err(Abandoned::AllWaited);
                    }
                    Some((seen, since))
                }
                _ => Some((now, Instant::now())),
            };
            if started.elapsed() >= self.patience {
                return Err(Abandoned::TimedOut);
            }
        }
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
