//! The kitchen's report: one document, `racelab/kitchen/v1`.

use serde::{Deserialize, Serialize};

/// The schema of [`Kitchen`].
pub const SCHEMA: &str = "racelab/kitchen/v1";

/// Every model on every workload, measured in one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kitchen {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Cores available to racelab.
    pub cores: usize,
    /// Tasks each model ran.
    pub tasks: usize,
    /// How many times each model ran each workload (its figures are the medians).
    #[serde(default = "one")]
    pub repeats: usize,
    /// The machine's load average over the last minute when the kitchen started (Linux), to
    /// tell a busy machine from a slow model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_before: Option<f64>,
    /// One per kind of work.
    pub workloads: Vec<Workload>,
}

/// Every model on one kind of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    /// `cpu` or `io`.
    pub work: String,
    /// What one task should take, in milliseconds (on one core, for `cpu`).
    pub task_ms: u64,
    /// Rounds of the checksum per task (`cpu`), or milliseconds of waiting (`io`).
    pub units: u64,
    /// One per model, `one-chef` first.
    pub runs: Vec<Run>,
}

/// One model on one workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The model's id, e.g. `thread-pool`.
    pub model: String,
    /// Wall-clock time (the median over the repeats).
    pub wall_ms: f64,
    /// CPU time of racelab and its child processes (the median over the repeats).
    pub cpu_ms: f64,
    /// CPU time over wall time: how many cores were busy on average.
    pub cores_busy: f64,
    /// `one-chef`'s wall time over this one's: the median of `speedups`.
    pub speedup: f64,
    /// The speedup in each repeat (one-chef's wall time in that repeat over this model's).
    #[serde(default)]
    pub speedups: Vec<f64>,
    /// How many tasks ran.
    pub tasks_run: usize,
    /// Whether every task ran once and the results add up to one chef's.
    pub checksum_ok: bool,
}

fn one() -> usize {
    1
}

impl Run {
    /// The least and the most speedup over the repeats.
    pub fn spread(&self) -> (f64, f64) {
        let speedups = if self.speedups.is_empty() {
            std::slice::from_ref(&self.speedup)
        } else {
            &self.speedups
        };
        (speedups.iter()).fold((f64::MAX, 0.0f64), |(lo, hi), &s| (lo.min(s), hi.max(s)))
    }
}

impl Workload {
    /// The run of `model`.
    pub fn run(&self, model: &str) -> Option<&Run> {
        self.runs.iter().find(|r| r.model == model)
    }
}
