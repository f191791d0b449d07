//! What an exploration collects across executions: the outcome table and the simplest violation.

use crate::outcome::OutcomeTable;
use crate::trace::Step;
use crate::{verdict_of, Checker, Counterexample, State};
use std::sync::{Arc, Mutex, MutexGuard};

/// The outcome table and the best counterexample so far, shared with the model closure through
/// a std mutex (not a model primitive, so it adds no scheduling point).
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub table: OutcomeTable,
    pub best: Option<Counterexample>,
    /// The simplest counterexample of each verdict (an overdraft and money created are
    /// different lessons).
    pub best_by_verdict: std::collections::BTreeMap<String, Counterexample>,
}

/// One finished execution, as the model closure saw it.
pub(crate) struct Execution {
    pub state: State,
    pub violations: Vec<String>,
    pub steps: Vec<Step>,
    pub preemptions: usize,
    pub found_by: Checker,
}

impl Findings {
    /// Counts one execution; keeps it as the counterexample if it violates the invariant with
    /// fewer preemptions (then fewer steps) than the best so far. `replay` makes its token.
    pub fn record(&mut self, run: Execution, replay: impl FnOnce() -> Option<String>) {
        self.table.add(run.state.clone(), &run.violations);
        if run.violations.is_empty() {
            return;
        }
        let verdict = verdict_of(&run.violations);
        let simpler = |best: Option<&Counterexample>| {
            best.is_none_or(|best| {
                (run.preemptions, run.steps.len()) < (best.preemptions, best.steps.len())
            })
        };
        let (overall, of_verdict) = (
            simpler(self.best.as_ref()),
            simpler(self.best_by_verdict.get(&verdict)),
        );
        if !(overall || of_verdict) {
            return;
        }
        let found = Counterexample {
            steps: run.steps,
            preemptions: run.preemptions,
            replay: replay(),
            found_by: run.found_by,
            verdict: verdict.clone(),
            state: run.state,
        };
        if overall {
            self.best = Some(found.clone());
        }
        if of_verdict {
            self.best_by_verdict.insert(verdict, found);
        }
    }
}

/// [`Findings`] shared between the explorer and its model closure.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedFindings(Arc<Mutex<Findings>>);

impl SharedFindings {
    pub fn lock(&self) -> MutexGuard<'_, Findings> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn take(&self) -> Findings {
        std::mem::take(&mut *self.lock())
    }
}
