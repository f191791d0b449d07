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
    /// Wall-clock time.
    pub wall_ms: f64,
    /// CPU time of racelab and its child processes.
    pub cpu_ms: f64,
    /// CPU time over wall time: how many cores were busy on average.
    pub cores_busy: f64,
    /// `one-chef`'s wall time over this one's.
    pub speedup: f64,
    /// How many tasks ran.
    pub tasks_run: usize,
    /// Whether every task ran once and the results add up to one chef's.
    pub checksum_ok: bool,
}

impl Workload {
    /// The run of `model`.
    pub fn run(&self, model: &str) -> Option<&Run> {
        self.runs.iter().find(|r| r.model == model)
    }
}
