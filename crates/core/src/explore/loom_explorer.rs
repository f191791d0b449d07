//! Exploration under loom: every interleaving (up to its partial-order reduction), weak memory.

use super::budget::Clock;
use super::findings::{record_deadlock, Execution, SharedFindings};
use super::panics::{self, BudgetStop};
use super::Run;
use crate::harness::{execute, Setup};
use crate::runtime::Loom;
use crate::trace::{mark_preemptions, Recorder};
use crate::{Checker, Error, Lab, Params};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Steps loom may take in one execution before it gives up on the model.
const MAX_BRANCHES: usize = 5_000;

/// Explores `variant` under loom with an optional preemption bound.
pub(crate) fn explore<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    bound: Option<usize>,
    clock: Clock,
) -> Result<Run, Error> {
    panics::quiet_budget_stops();
    let findings = SharedFindings::default();
    let started = Arc::new(AtomicU64::new(0));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    builder.max_branches = MAX_BRANCHES;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    let (lab2, params2, findings2) = (lab.clone(), params.clone(), findings.clone());
    // The running execution's recorder, for the trace of a deadlock loom stops at.
    let current: Arc<std::sync::Mutex<Recorder>> = Arc::default();
    let current2 = current.clone();
    let model = move || {
        let done = started.fetch_add(1, Ordering::Relaxed);
        if let Some(reason) = clock.spent(done) {
            panics::stop(reason);
        }
        if clock.stop_at_first() && findings2.lock().first_violation.is_some() {
            panics::stop(crate::Limit::FirstViolation);
        }
        let recorder = Recorder::default();
        *current2.lock().unwrap_or_else(|p| p.into_inner()) = recorder.clone();
        let setup = Setup {
            recorder: Some(recorder.clone()),
            ..Setup::default()
        };
        let state = execute::<L, Loom>(&lab2, variant, &params2, &setup);
        let mut steps = recorder.take();
        let run = Execution {
            violations: lab2.violations(&params2, &state),
            preemptions: mark_preemptions(&mut steps),
            state,
            length: steps.len(),
            found_by: Checker::Loom,
            elapsed: clock.elapsed(),
            weak: recorder.weak(),
        };
        findings2.lock().record(run, || steps, || None);
    };
    let limited_by = match catch_unwind(AssertUnwindSafe(|| builder.check(model))) {
        Ok(()) => None,
        Err(payload) => match payload.downcast::<BudgetStop>() {
            Ok(stop) => Some(stop.0),
            Err(payload) => match failure(&panics::message(&*payload)) {
                Error::Deadlock { .. } => {
                    let recorder = current.lock().unwrap_or_else(|p| p.into_inner()).clone();
                    record_deadlock(&findings, &recorder, Checker::Loom, clock.elapsed());
                    Some(crate::Limit::FirstViolation)
                }
                // A violation found before loom gave up on a spinning execution stands: its
                // trace is a real execution.
                Error::Hang { steps, .. } if findings.lock().first_violation.is_some() => {
                    Some(crate::Limit::GaveUp { steps })
                }
                error => return Err(error),
            },
        },
    };
    Ok(Run {
        findings: findings.take(),
        limited_by,
    })
}

fn failure(message: &str) -> Error {
    // loom says what went wrong only in its panic's words.
    let checker = "loom".to_string();
    if message.contains("maximum number of branches") {
        Error::Hang {
            checker,
            steps: MAX_BRANCHES,
            advice: "a spin loop waiting for another thread does (loom follows every turn of \
                     it): explore a smaller size, or with racelab's SC checker, which waits such \
                     loops out"
                .into(),
        }
    } else if message.contains("deadlock") {
        Error::Deadlock {
            checker,
            message: message.into(),
        }
    } else {
        Error::Panicked {
            checker,
            message: message.into(),
        }
    }
}
