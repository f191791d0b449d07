//! Why an exploration or a run covered less than every behaviour, as a type and in words.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What stopped an exploration short of every behaviour (or why a run never covers them all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Limit {
    /// `--max-executions`.
    Executions {
        /// The limit.
        max: u64,
    },
    /// `--time-limit`, or the default budget.
    Time {
        /// The limit, in seconds.
        seconds: f64,
    },
    /// `--stop-at-first`.
    FirstViolation,
    /// `--max-preemptions`.
    Preemptions {
        /// The bound.
        bound: usize,
    },
    /// pct and random schedules: a sample.
    Sample,
    /// `racelab replay`: the one schedule of a token.
    OneSchedule,
    /// An SC checker on a variant with weaker orderings: only its sequentially consistent
    /// behaviours.
    WeakOrderings {
        /// The orderings weaker than `SeqCst` it uses.
        orderings: Vec<String>,
    },
    /// loom gave up on an execution longer than it allows (a spin loop it follows turn by turn,
    /// reading an old value again and again), after a violation was found.
    GaveUp {
        /// The steps it allows one execution.
        steps: usize,
    },
    /// One shard of a split proof: its part of the classes only.
    Shard {
        /// Which part, from 1.
        index: u64,
        /// How many parts.
        count: u64,
    },
    /// Merged shards of a split proof, some of them missing.
    MissingShards {
        /// The missing shards' indexes, from 1.
        missing: Vec<u64>,
        /// How many shards the proof has.
        count: u64,
    },
    /// Real threads, tasks or processes: only what happened.
    RealRuns {
        /// What ran: `threads`, `tasks`, `processes`.
        workers: String,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Executions { max } => write!(f, "stopped at the execution limit ({max})"),
            Limit::Time { seconds } => write!(f, "stopped at the time limit ({seconds}s)"),
            Limit::FirstViolation => write!(f, "stopped at the first violation"),
            Limit::Preemptions { bound } => write!(f, "preemption bound {bound}"),
            Limit::Sample => write!(f, "random schedules are a sample, not every interleaving"),
            Limit::OneSchedule => write!(f, "one replayed schedule"),
            Limit::WeakOrderings { orderings } => write!(
                f,
                "only sequentially consistent behaviours: the variant uses {} orderings",
                orderings.join(", ")
            ),
            Limit::GaveUp { steps } => write!(
                f,
                "loom gave up on an execution that spun past {steps} steps, after the violation"
            ),
            Limit::Shard { index, count } => write!(
                f,
                "shard {index}/{count}: its part of the classes only (merge every shard's \
                 --json report with `racelab merge`)"
            ),
            Limit::MissingShards { missing, count } => {
                let missing: Vec<String> = missing.iter().map(|i| format!("{i}/{count}")).collect();
                write!(f, "shards missing: {}", missing.join(", "))
            }
            Limit::RealRuns { workers } => {
                write!(
                    f,
                    "real {workers} show only the interleavings that happened"
                )
            }
        }
    }
}
