//! The simplest counterexample: the violating schedule with the fewest preemptions, found by
//! shuttle DFS under increasing preemption bounds (as CHESS and Coyote search), shortest first
//! among equals. Sequentially consistent, so no weak-memory artefact is shown as the lesson.

use super::budget::{Budget, Clock};
use super::shuttle_explorer;
use crate::{Checker, Counterexample, Lab, Params};
use shuttle::scheduler::DfsScheduler;
use std::time::Duration;

/// The highest preemption bound searched when nothing better is known.
pub const MAX_SEARCH_BOUND: usize = 3;

/// What the whole search may spend.
const SEARCH_BUDGET: Budget = Budget {
    max_executions: Some(500_000),
    time_limit: Some(Duration::from_secs(10)),
    stop_at_first: false,
};

/// Searches bounds `0..below` (at most up to [`MAX_SEARCH_BOUND`]) and returns the first
/// violation found, which has the fewest preemptions possible. `None` when no bound below
/// `below` shows one, or the search budget ran out first.
pub fn search<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    below: usize,
) -> Option<Counterexample> {
    let clock = Clock::start(SEARCH_BUDGET);
    for bound in 0..below.min(MAX_SEARCH_BOUND + 1) {
        let inner = Box::new(DfsScheduler::new(None, false));
        let run = shuttle_explorer::explore(
            lab,
            variant,
            params,
            inner,
            Some(bound),
            clock,
            Checker::Dfs,
        )
        .ok()?;
        if let Some(found) = run.findings.best {
            return Some(found);
        }
        if run.limited_by.is_some() {
            return None;
        }
    }
    None
}
