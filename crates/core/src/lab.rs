//! What a lab is: its description, its shared state, what each thread does, and its invariant.

use crate::runtime::Runtime;
use crate::{Ctx, Params, State};

/// How a variant relates to the bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantKind {
    /// Has the race on purpose.
    Racy,
    /// A fix that learners write and that still fails.
    WrongFix,
    /// A correct fix.
    Fix,
}

impl VariantKind {
    /// Whether the variant is expected to keep the invariant.
    pub fn should_hold(self) -> bool {
        self == VariantKind::Fix
    }
}

/// One implementation of a lab.
#[derive(Debug, Clone, Copy)]
pub struct VariantInfo {
    /// The id used on the command line, e.g. `racy`.
    pub name: &'static str,
    /// Racy, wrong fix or fix.
    pub kind: VariantKind,
    /// One line: what the variant does.
    pub summary: &'static str,
}

/// A lab-specific parameter (threads and iterations are common to all labs).
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// The name, used as `--name` on the command line and as a key in reports.
    pub name: &'static str,
    /// One line for `--help`.
    pub help: &'static str,
    /// The default value.
    pub default: i64,
    /// The smallest accepted value.
    pub min: i64,
    /// The largest accepted value.
    pub max: i64,
}

/// Default sizes: model checking wants tiny runs, real threads want long ones.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Threads.
    pub threads: usize,
    /// Iterations per thread.
    pub iters: u64,
}

/// Everything about a lab that is not code.
#[derive(Debug, Clone, Copy)]
pub struct LabInfo {
    /// The short id, e.g. `counter`.
    pub id: &'static str,
    /// The crate that holds the lab, e.g. `counter-race`.
    pub crate_name: &'static str,
    /// One line: what the lab shows.
    pub title: &'static str,
    /// What one iteration is called, e.g. `increments`, `withdrawals`.
    pub iteration: &'static str,
    /// The variants; the first is the default.
    pub variants: &'static [VariantInfo],
    /// Lab-specific parameters.
    pub params: &'static [ParamSpec],
    /// Default sizes under a model checker.
    pub model_sizes: Sizes,
    /// Default sizes under real threads.
    pub real_sizes: Sizes,
    /// Default real-thread trials.
    pub real_trials: u64,
    /// Default race window on real threads.
    pub real_window: crate::Window,
    /// Another name for `--iters` on the command line, e.g. `withdrawals`.
    pub iters_alias: Option<&'static str>,
    /// The lab's README, in teaching prose.
    pub readme: &'static str,
    /// The source of the lab's variants (`include_str!("variants.rs")`): `explain` shows the
    /// real code, and recorded steps point at its lines.
    pub variants_source: &'static str,
    /// Whether loom and shuttle can run it (false for a lab of real processes).
    pub model_checked: bool,
    /// What runs the work on real hardware, for reports: `threads`, `processes`,
    /// `tasks on one OS thread`; its first word names what `--threads` counts.
    pub workers: &'static str,
}

impl LabInfo {
    /// What `--threads` counts: `threads`, `processes`, `tasks`.
    pub fn worker_unit(&self) -> &'static str {
        self.workers.split(' ').next().unwrap_or("threads")
    }

    /// One of what `--threads` counts: `thread`, `task`, `process`.
    pub fn worker_one(&self) -> &'static str {
        match self.worker_unit() {
            "tasks" => "task",
            "processes" => "process",
            _ => "thread",
        }
    }
}

impl LabInfo {
    /// The variant called `name`.
    pub fn variant(&self, name: &str) -> Option<&'static VariantInfo> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The variant names, comma-separated, for messages.
    pub fn variant_names(&self) -> String {
        let names: Vec<_> = self.variants.iter().map(|v| v.name).collect();
        names.join(", ")
    }
}

/// One real-thread trial's accounting: what should have happened against what did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Trial {
    /// What the counter (or total) should read.
    pub expected: i64,
    /// What it read.
    pub observed: i64,
    /// `expected - observed`, always.
    pub lost: i64,
}

impl Trial {
    /// A trial that expected `expected` and observed `observed`.
    pub fn new(expected: i64, observed: i64) -> Self {
        Trial {
            expected,
            observed,
            lost: expected - observed,
        }
    }
}

/// A lab: shared state, what each thread does in each variant, and the invariant.
///
/// Variants are written once, generic over [`Runtime`]; the harness builds the state inside each
/// execution, spawns `threads` threads running [`Lab::thread`], joins them, and judges the
/// state that [`Lab::observe`] reads.
pub trait Lab: Clone + Send + Sync + 'static {
    /// The state the threads share, built fresh for every execution.
    type Shared<R: Runtime>: Send + Sync + 'static;

    /// The lab's description.
    fn info(&self) -> &'static LabInfo;

    /// Rejects lab-specific parameter combinations that cannot run (overflow, ...).
    fn check_params(&self, _params: &Params) -> Result<(), String> {
        Ok(())
    }

    /// Builds the shared state.
    fn setup<R: Runtime>(&self, params: &Params) -> Self::Shared<R>;

    /// What one thread does in `variant`; the result is handed to [`Lab::observe`] after join.
    fn thread<R: Runtime>(&self, variant: &str, shared: &Self::Shared<R>, cx: &Ctx) -> i64;

    /// Reads the final state after every thread has been joined (`results` in thread order).
    fn observe<R: Runtime>(&self, shared: &Self::Shared<R>, results: &[i64]) -> State;

    /// The named invariant violations of a final state; empty when it is correct.
    fn violations(&self, params: &Params, state: &State) -> Vec<String>;

    /// The state to report, in [`Lab::observe`]'s terms, when racelab's SC checker ends an
    /// execution because every unfinished thread waits (`stuck` of them: a deadlock or a hang),
    /// from the cells' values by name; [`Lab::violations`] then judges it too. `None` (the
    /// default): the cells' values are the state, and the checker's verdict is the only one.
    fn stuck_state(&self, _params: &Params, _cells: &State, _stuck: usize) -> Option<State> {
        None
    }

    /// The accounting of one real-thread trial, for labs that count lost updates.
    fn trial(&self, _params: &Params, _state: &State) -> Option<Trial> {
        None
    }
}
