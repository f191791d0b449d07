//! Exploration under shuttle: DFS, PCT or random schedules, sequentially consistent.

use super::budget::Clock;
use super::findings::{record_deadlock, Execution, SharedFindings};
use super::scheduler::{Recording, SharedDecisions};
use super::{panics, token, Run};
use crate::harness::{execute, Setup};
use crate::runtime::Shuttle;
use crate::trace::Recorder;
use crate::{Checker, Error, Lab, Params};
use shuttle::scheduler::Scheduler;
use shuttle::{Config, FailurePersistence, Runner};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Explores `variant` under shuttle with the scheduler `inner`, recording every choice so that
/// each counterexample gets a replay token. (The scheduler is boxed: shuttle's runner is compiled
/// once per lab, not once per lab and scheduler.)
pub(crate) fn explore<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    inner: Box<dyn Scheduler + Send>,
    bound: Option<usize>,
    clock: Clock,
    found_by: Checker,
) -> Result<Run, Error> {
    panics::quiet_budget_stops();
    let findings = SharedFindings::default();
    let decisions = SharedDecisions::default();
    // One recorder for every execution: cleared, not reallocated; its steps are taken only
    // when an execution becomes a counterexample.
    let recorder = Recorder::default();
    let scheduler = Recording::new(inner, decisions.clone(), bound, clock, recorder.clone());
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::None;
    config.silence_warnings = true;
    let (lab2, params2, findings2, decisions2) = (
        lab.clone(),
        params.clone(),
        findings.clone(),
        decisions.clone(),
    );
    let current = recorder.clone();
    let model = move || {
        recorder.clear();
        let setup = Setup {
            recorder: Some(recorder.clone()),
            ..Setup::default()
        };
        let state = execute::<L, Shuttle>(&lab2, variant, &params2, &setup);
        // Every step of interest has run: the choices so far reproduce this trace.
        let preemptions = decisions2.lock().preemptions;
        let run = Execution {
            violations: lab2.violations(&params2, &state),
            length: recorder.len(),
            state,
            preemptions,
            found_by,
            elapsed: clock.elapsed(),
            weak: recorder.weak(),
        };
        let id = lab2.info().id;
        let violated = !run.violations.is_empty();
        let mut findings = findings2.lock();
        findings.last_schedule = decisions2.lock().choices.len();
        findings.record(
            run,
            || recorder.take(),
            || token::encode(id, variant, &params2, &decisions2.lock().choices),
        );
        if violated && clock.stop_at_first() {
            decisions2.lock().stopped = Some(crate::Limit::FirstViolation);
        }
    };
    let runner = Runner::new(scheduler, config);
    if let Err(payload) = catch_unwind(AssertUnwindSafe(|| runner.run(model))) {
        match panics::under_shuttle(
            "shuttle",
            &*payload,
            "a spin loop waiting for another thread does (shuttle follows every turn of it): \
             explore a smaller size, or with racelab's SC checker, which waits such loops out",
        ) {
            Error::Deadlock { .. } => {
                record_deadlock(&findings, &current, found_by, clock.elapsed());
                decisions.lock().stopped = Some(crate::Limit::FirstViolation);
            }
            error => return Err(error),
        }
    }
    let limited_by = decisions.lock().stopped.take();
    Ok(Run {
        findings: findings.take(),
        limited_by,
    })
}
