//! Budgets: how many executions and how much time an exploration may use.

use crate::Limit;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Limits on one exploration; hitting one makes the result not exhaustive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// Stop after this many executions.
    pub max_executions: Option<u64>,
    /// Stop after this much time.
    pub time_limit: Option<Duration>,
    /// Stop at the first violation: quick to show a bug, proves nothing.
    #[serde(default)]
    pub stop_at_first: bool,
}

/// A budget being spent. loom checks its own limits only every `checkpoint_interval`
/// executions, so racelab counts for itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    budget: Budget,
    start: Instant,
}

impl Clock {
    pub fn start(budget: Budget) -> Self {
        Clock {
            budget,
            start: Instant::now(),
        }
    }

    /// Why no further execution may start after `done` executions, if the budget is spent.
    /// Whether to stop at the first violation.
    pub fn stop_at_first(&self) -> bool {
        self.budget.stop_at_first
    }

    /// Time since the exploration started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    pub fn spent(&self, done: u64) -> Option<Limit> {
        if let Some(max) = self.budget.max_executions {
            if done >= max {
                return Some(Limit::Executions { max });
            }
        }
        if let Some(limit) = self.budget.time_limit {
            if self.start.elapsed() >= limit {
                return Some(Limit::Time {
                    seconds: limit.as_secs_f64(),
                });
            }
        }
        None
    }
}
