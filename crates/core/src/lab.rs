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
    /// The name of the function in the lab's `variants.rs` that holds its code (`lab!` takes it
    /// from the declaration), so that `explain` shows that function.
    pub function: &'static str,
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

impl Sizes {
    /// `threads` threads of `iters` iterations each.
    pub const fn new(threads: usize, iters: u64) -> Self {
        Sizes { threads, iters }
    }
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
    /// What one iteration is called, e.g. `increments`, `withdrawals`; or a rate, where not every
    /// thread iterates (`reads per reader`).
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
    /// `(key, cell)`: the final state's `key`, any count of which breaks the invariant, counts
    /// the adds to `cell` that a thread makes right after it sees the broken state (`("torn
    /// reads", "torn")`): in a timeline, that thread's step before the first such add is the
    /// one that breaks it.
    pub witnesses: &'static [(&'static str, &'static str)],
}

impl LabInfo {
    /// What [`lab!`](crate::lab!) starts from: every field a lab may leave out, at its usual
    /// value (the others are written by `lab!` or by the lab itself).
    pub const DEFAULT: LabInfo = LabInfo {
        id: "",
        crate_name: "",
        title: "",
        iteration: "iterations",
        variants: &[],
        params: &[],
        model_sizes: Sizes::new(2, 1),
        real_sizes: Sizes::new(2, 1),
        real_trials: 1_000,
        real_window: crate::Window::Yield,
        iters_alias: None,
        readme: "",
        variants_source: "",
        model_checked: true,
        workers: "threads",
        witnesses: &[],
    };

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

    /// The place of the variant called `name` in [`LabInfo::variants`], or the one message
    /// that names the valid ones.
    pub fn find_variant(&self, name: &str) -> Result<usize, crate::Error> {
        (self.variants.iter().position(|v| v.name == name)).ok_or_else(|| {
            crate::Error::UnknownVariant {
                lab: self.id.to_string(),
                variant: name.to_string(),
                known: self.variant_names(),
            }
        })
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

/// What [`lab!`](crate::lab!) writes from a lab's declaration: its description, the state its
/// threads share, and which variant's code each thread runs.
pub trait Declared {
    /// The state the threads share, built fresh for every execution.
    type Shared<R: Runtime>: Send + Sync + 'static;

    /// The lab's description.
    fn info(&self) -> &'static LabInfo;

    /// What one thread does in the variant at `variant` in `info().variants`; the result is
    /// handed to [`Lab::observe`] after join.
    fn thread<R: Runtime>(&self, variant: usize, shared: &Self::Shared<R>, cx: &Ctx) -> i64;
}

/// A lab: what [`Declared`] says, plus how its state is built and judged.
///
/// Variants are written once, generic over [`Runtime`]; the harness builds the state inside each
/// execution, spawns `threads` threads running [`Declared::thread`], joins them, and judges the
/// state that [`Lab::observe`] reads.
pub trait Lab: Declared + Clone + Send + Sync + 'static {
    /// Rejects lab-specific parameter combinations that cannot run (overflow, ...).
    fn check_params(&self, _params: &Params) -> Result<(), String> {
        Ok(())
    }

    /// Builds the shared state.
    fn setup<R: Runtime>(&self, params: &Params) -> Self::Shared<R>;

    /// Reads the final state after every thread has been joined (`results` in thread order).
    fn observe<R: Runtime>(&self, shared: &Self::Shared<R>, results: &[i64]) -> State;

    /// The named invariant violations of a final state; empty when it is correct.
    fn violations(&self, params: &Params, state: &State) -> Vec<String>;

    /// Whether the threads of the variant at `variant` are symmetric: each runs the same code,
    /// never asks for its number ([`Ctx::thread`]), and [`Lab::observe`] reads `results` as a
    /// multiset (a sum, not "thread 1's result"). Then racelab's SC checker may explore each
    /// class once for every numbering of the threads, not once per numbering: the same final
    /// states and verdicts, in up to n! times fewer executions. A thread that asks for its
    /// number turns the reduction off; an `observe` that tells threads apart would not, so
    /// the default is `false`.
    fn symmetric(&self, _variant: usize) -> bool {
        false
    }

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

/// What a thread hands over after join: nothing (0), or a number of its own (a private count,
/// a wallet).
pub trait Handover {
    /// The number handed to [`Lab::observe`].
    fn handover(self) -> i64;
}

impl Handover for () {
    fn handover(self) -> i64 {
        0
    }
}

impl Handover for i64 {
    fn handover(self) -> i64 {
        self
    }
}

/// How a thread runs a variant when its lab says nothing else: it calls the variant once with
/// the shared state and hands over what it returns.
pub fn call_once<S, T: Handover>(shared: &S, cx: &Ctx, variant: impl Fn(&S, &Ctx) -> T) -> i64 {
    variant(shared, cx).handover()
}

/// The last segment of a path as `stringify!` writes it: `variants :: racy` gives `racy`.
pub const fn function_name(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1] != b' ' && bytes[start - 1] != b':' {
        start -= 1;
    }
    let (_, name) = path.split_at(start);
    name
}

/// The name of `lost` things for a violation: `lost 1 update`, `lost 3 updates`; none when
/// nothing was lost.
pub fn lost(lost: i64, thing: &str) -> Vec<String> {
    match lost {
        0 => vec![],
        1 => vec![format!("lost 1 {thing}")],
        n => vec![format!("lost {n} {thing}s")],
    }
}
