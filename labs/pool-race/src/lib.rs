//! The pool lab: tasks submitted to a pool of worker threads, as a `ThreadPoolExecutor` runs
//! them. Each task counts one item; the variants differ in how the counts are combined.
//!
//! On real threads the tasks run on a real pool ([`rayon::ThreadPool`] with `--threads`
//! workers), each submitted with a handle to wait on (see [`pool`]). Under loom and shuttle the
//! same tasks run on model threads, `--iters` per worker, so every interleaving is explored.
#![deny(missing_docs)]

pub mod pool;
pub mod variants;

use racelab_core::{Backend, Cell, Ctx, Lab, LabInfo, Lock, Params, Runtime, Sizes, State, Trial};
use racelab_core::{VariantInfo, VariantKind, Window};

/// The pool lab.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolLab;

/// What the tasks share: the accumulator and its lock.
#[derive(Debug)]
pub struct Shared<R: Runtime> {
    /// The running total of the accumulator variants.
    pub total: Cell<R>,
    /// The lock of `locked-accumulator`.
    pub lock: Lock<R>,
}

static INFO: LabInfo = LabInfo {
    id: "pool",
    crate_name: "pool-race",
    title: "tasks on a thread pool add into one shared total and lose updates",
    iteration: "tasks",
    variants: &[
        VariantInfo {
            name: "shared-accumulator",
            kind: VariantKind::Racy,
            summary: "each task adds its count into a shared total: load, then store",
        },
        VariantInfo {
            name: "locked-accumulator",
            kind: VariantKind::Fix,
            summary: "each task adds its count under a lock",
        },
        VariantInfo {
            name: "map-reduce",
            kind: VariantKind::Fix,
            summary:
                "each task returns its count; the results are summed once every future resolved",
        },
    ],
    params: &[],
    model_sizes: Sizes {
        threads: 2,
        iters: 2,
    },
    real_sizes: Sizes {
        threads: 2,
        iters: 5_000,
    },
    real_trials: 100,
    real_window: Window::Yield,
    iters_alias: None,
    readme: include_str!("../README.md"),
    variants_source: include_str!("variants.rs"),
    model_checked: true,
    workers: "threads",
};

/// One task of `variant`: returns what the task hands back through its future.
fn task<R: Runtime>(variant: &str, shared: &Shared<R>, cx: &Ctx) -> i64 {
    match variant {
        "shared-accumulator" => variants::shared_accumulator(shared, cx),
        "locked-accumulator" => variants::locked_accumulator(shared, cx),
        "map-reduce" => variants::map_reduce(cx),
        other => unreachable!("variant '{other}' was validated"),
    }
}

impl Lab for PoolLab {
    type Shared<R: Runtime> = Shared<R>;

    fn info(&self) -> &'static LabInfo {
        &INFO
    }

    fn setup<R: Runtime>(&self, _params: &Params) -> Shared<R> {
        Shared {
            total: Cell::new("total", 0),
            lock: Lock::new("lock"),
        }
    }

    /// Returns the sum of what this thread's tasks handed back (the reduce of map-reduce).
    fn thread<R: Runtime>(&self, variant: &str, shared: &Shared<R>, cx: &Ctx) -> i64 {
        if R::BACKEND == Backend::Threads {
            // A real pool runs every task; the first lab thread submits them and waits.
            if cx.thread() != 1 {
                return 0;
            }
            let workers = cx.threads();
            let tasks = workers as u64 * cx.iters();
            return pool::submit_all(workers, tasks, |_| task(variant, shared, cx));
        }
        (0..cx.iters()).map(|_| task(variant, shared, cx)).sum()
    }

    fn observe<R: Runtime>(&self, shared: &Shared<R>, results: &[i64]) -> State {
        let total = shared.total.peek() + results.iter().sum::<i64>();
        State::from([("total".to_string(), total)])
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        match params.total_iters() - state["total"] {
            0 => vec![],
            1 => vec!["lost 1 count".into()],
            n => vec![format!("lost {n} counts")],
        }
    }

    fn trial(&self, params: &Params, state: &State) -> Option<Trial> {
        Some(Trial::new(params.total_iters(), state["total"]))
    }
}
