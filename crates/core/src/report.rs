//! The report every run and exploration produces; its JSON form is the `racelab/report/v1` contract.

use crate::lab::Trial;
use crate::outcome::OutcomeRow;
use crate::trace::Step;
use crate::Params;
use serde::{Deserialize, Serialize};

/// The schema id of [`Report`]'s JSON form.
pub const SCHEMA: &str = "racelab/report/v1";

/// Where a lab ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// Real OS threads.
    Threads,
    /// loom.
    Loom,
    /// shuttle.
    Shuttle,
    /// racelab's own model threads, on which its SC checker runs.
    Racelab,
}

/// Which exploration strategy ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Checker {
    /// loom's exhaustive exploration (with partial-order reduction, weak memory).
    Loom,
    /// shuttle's depth-first search: every sequentially consistent schedule.
    Dfs,
    /// shuttle's probabilistic concurrency testing.
    Pct,
    /// shuttle's uniformly random schedules.
    Random,
    /// One shuttle schedule replayed from a token.
    Replay,
    /// racelab's own checker: every sequentially consistent behaviour, one execution per
    /// Mazurkiewicz class (optimal dynamic partial-order reduction).
    Dpor,
}

impl Checker {
    /// The backend that runs this checker.
    pub fn backend(self) -> Backend {
        match self {
            Checker::Loom => Backend::Loom,
            Checker::Dpor => Backend::Racelab,
            _ => Backend::Shuttle,
        }
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Checker::Loom => "loom",
            Checker::Dfs => "dfs",
            Checker::Pct => "pct",
            Checker::Random => "random",
            Checker::Replay => "replay",
            Checker::Dpor => "dpor",
        }
    }
}

/// What racelab's SC checker takes for one class: it explores one execution of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Equivalence {
    /// Mazurkiewicz traces: executions that differ only in the order of independent steps.
    Mazurkiewicz,
    /// Mazurkiewicz traces up to renaming symmetric threads: one execution per orbit.
    Symmetry,
    /// Reads-from classes: executions in which every read (and the final look at each cell)
    /// reads from the same write.
    ReadsFrom,
}

impl Equivalence {
    /// What one class is, in a report's words ("one execution per class ...").
    pub fn words(self) -> &'static str {
        match self {
            Equivalence::Mazurkiewicz => "class",
            Equivalence::Symmetry => "class up to thread symmetry",
            Equivalence::ReadsFrom => {
                "reads-from class (executions whose every read, and the final value of every \
                 cell, reads from the same write)"
            }
        }
    }
}

/// A violating execution, step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counterexample {
    /// The steps in the order they ran.
    pub steps: Vec<Step>,
    /// Switches away from a thread that could have kept running.
    pub preemptions: usize,
    /// A token for `racelab replay` (shuttle schedules only).
    pub replay: Option<String>,
    /// Which checker produced this trace (it can differ from the report's checker: the simplest
    /// counterexample is searched under shuttle, which is sequentially consistent).
    pub found_by: Checker,
    /// The final state it reached.
    pub state: crate::State,
    /// Its verdict.
    pub verdict: String,
}

/// Starvation, as racelab's SC checker measures it: the most times other threads took one lock,
/// semaphore or read-write lock while one thread waited for it, over every execution explored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bypass {
    /// The lock or primitive, by its name in the lab.
    pub object: String,
    /// What it is: `lock`, `semaphore`, `fifo semaphore` or `rwlock`.
    pub kind: String,
    /// How many times others took it while one thread waited.
    pub times: u64,
    /// The thread that waited.
    pub thread: usize,
    /// An execution in which it happens, step by step: the waiter asks right after its step
    /// before these others' takes.
    pub steps: Vec<Step>,
    /// A token for `racelab replay`.
    pub replay: Option<String>,
}

/// Summary of lost updates over real-thread trials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossSummary {
    /// Trials that lost at least one update.
    pub lossy_trials: u64,
    /// The fewest updates a trial lost.
    pub min: i64,
    /// The median of updates lost per trial.
    pub median: i64,
    /// The most updates a trial lost.
    pub max: i64,
}

/// What a run or exploration did and found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The lab id.
    pub lab: String,
    /// The variant.
    pub variant: String,
    /// Where it ran.
    pub backend: Backend,
    /// The exploration strategy (none for real threads).
    pub checker: Option<Checker>,
    /// The size of the run.
    pub params: Params,
    /// Whether every execution was explored (never for real threads or random schedules).
    pub exhaustive: bool,
    /// Why the exploration is not exhaustive, when it is not, in words.
    pub limited_by: Option<String>,
    /// The same, as a type (`limited_by` is its text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<crate::Limit>,
    /// The preemption bound applied, if any.
    pub max_preemptions: Option<usize>,
    /// The seed of random and PCT schedules.
    pub seed: Option<u64>,
    /// The race window of a real-thread run.
    pub window: Option<crate::Window>,
    /// Executions explored, or trials run.
    pub executions: u64,
    /// How many of them broke the invariant.
    pub violations: u64,
    /// Wall-clock time.
    pub elapsed_ms: f64,
    /// The first violating execution, in exploration order (seed order for random and pct).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_violation: Option<FirstViolation>,
    /// The slice of random or PCT seeds this report covers, when it is one of several.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shard: Option<crate::explore::Shard>,
    /// Final states with counts and verdicts.
    pub outcomes: Vec<OutcomeRow>,
    /// The simplest violating execution found, if any.
    pub counterexample: Option<Counterexample>,
    /// The simplest counterexample found for each distinct verdict, when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub counterexamples_by_verdict: Vec<Counterexample>,
    /// Per-trial accounting of a real-thread run of a lab that counts lost updates.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trials: Option<Vec<Trial>>,
    /// Lost-update statistics over the trials.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub loss: Option<LossSummary>,
    /// racelab's SC checker only: executions it started but cut short as redundant (every
    /// thread that could move was asleep); 0 when the reduction is optimal. Not counted in
    /// `executions`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redundant: Option<u64>,
    /// racelab's SC checker only: the equivalence whose classes it explored, one execution
    /// each.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub equivalence: Option<Equivalence>,
    /// racelab's SC checker, up to thread symmetry only: how many Mazurkiewicz classes its
    /// executions stand for (each orbit counts the numberings of its threads).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub classes: Option<u64>,
    /// racelab's SC checker, asked for reads-from classes: the step its reads-from exploration
    /// does not follow, which the variant takes (it explored Mazurkiewicz classes instead).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reads_from_unfollowed: Option<String>,
    /// The bound on spurious wakeups per execution, when racelab's SC checker explored a lab
    /// that waits on a condition variable.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub spurious_wakeups: Option<u32>,
    /// Orderings weaker than `SeqCst` that the variant used.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub weak_orderings: Vec<String>,
    /// racelab's SC checker only: the worst bypass of each lock, semaphore and read-write lock
    /// that any thread waited for, in the order they were created (a lower bound when the
    /// exploration was not exhaustive).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub bypass: Vec<Bypass>,
    /// A replayed SC schedule that broke nothing, step by step (one that broke the invariant
    /// is the counterexample).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub replayed: Vec<Step>,
    /// Why this checker's result is no verdict on this variant, when it is not.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub caveat: Option<crate::Caveat>,
    /// Why this checker was chosen, when the variant's orderings chose it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub chosen_because: Option<String>,
}

/// When the first violation was found.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FirstViolation {
    /// Its number among the executions, from 1.
    pub execution: u64,
    /// Time from the start of the exploration to its end.
    pub elapsed_ms: f64,
}

impl Report {
    /// Whether the report shows a broken invariant.
    pub fn failed(&self) -> bool {
        self.violations > 0
    }
}
