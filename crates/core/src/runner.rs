//! The real-thread runner: T trials of N threads x K iterations, started together.

use crate::harness::{execute, Setup};
use crate::outcome::OutcomeTable;
use crate::runtime::Std;
use crate::{validate, Backend, Error, FirstViolation, Lab, LossSummary, Params, Report};
use crate::{Trial, Window, SCHEMA};
use std::time::Instant;

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
    for done in 1..=request.trials {
        let state = execute::<L, Std>(lab, variant.name, &request.params, &setup);
        trials.extend(lab.trial(&request.params, &state));
        let violations = lab.violations(&request.params, &state);
        if first_violation.is_none() && !violations.is_empty() {
            first_violation = Some(FirstViolation {
                execution: done,
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            });
        }
        table.add(state.clone(), &violations);
        progress(done);
    }
    let counted = !trials.is_empty();
    Ok(Report {
        schema: SCHEMA.into(),
        lab: lab.info().id.into(),
        variant: variant.name.into(),
        backend: Backend::Threads,
        checker: None,
        params: request.params.clone(),
        exhaustive: false,
        limited_by: Some("real threads show only the interleavings that happened".into()),
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
        loss: counted.then(|| loss_summary(&trials)),
        trials: counted.then_some(trials),
    })
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
