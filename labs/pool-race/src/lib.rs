//! The pool lab: tasks submitted to a pool of worker threads, as a `ThreadPoolExecutor` runs
//! them. Each task counts one item; the variants differ in how the counts are combined.
//!
//! On real threads the tasks run on a real pool ([`rayon::ThreadPool`] with `--threads`
//! workers), each submitted with a handle to wait on (see [`pool`]). Under the checkers the
//! same `threads x iters` tasks run on model threads that take them from the pool's queue one at
//! a time, as real workers do, so every interleaving and every share of the tasks is explored.
#![deny(missing_docs)]

mod exercise;
pub mod pool;
pub mod variants;

use racelab_core::{
    lab::lost, Backend, Cell, Ctx, Lab, Lock, Params, Runtime, Sizes, State, Trial,
};

/// What the tasks share: the accumulator and its lock (and, private, the pool's queue: the code
/// under test runs as a task and cannot take or skip the pool's tasks).
#[derive(Debug)]
pub struct Shared<R: Runtime> {
    /// The running total of the accumulator variants.
    pub total: Cell<R>,
    /// The lock of `locked-accumulator`.
    pub lock: Lock<R>,
    /// The pool's queue, under a checker: the number of the next task to take.
    queue: Cell<R>,
}

racelab_core::lab! {
    /// The pool lab.
    pub struct PoolLab(Shared) {
        id: "pool",
        title: "tasks on a thread pool add into one shared total and lose updates",
        iteration: "tasks",
        model_sizes: Sizes::new(2, 2),
        real_sizes: Sizes::new(2, 5_000),
        real_trials: 100,
    }
    variants(tasks) {
        "shared-accumulator": Racy => variants::shared_accumulator, "each task adds its count into a shared total: load, then store";
        "locked-accumulator": Fix => variants::locked_accumulator, "each task adds its count under a lock";
        "map-reduce": Fix => variants::map_reduce, "each task returns its count; the results are summed once every future resolved";
    }
}

/// One worker's tasks, each running `task`; returns the sum of what its tasks handed back
/// through their futures (the reduce of map-reduce).
///
/// On real threads a real pool runs every task: the first lab thread submits them all and
/// waits, and the others do nothing. Under a checker each model thread is a worker that takes
/// the next task from the pool's queue until none is left (`threads x iters` tasks in all), as
/// a real pool's workers do: one worker may run most of the tasks while another is held up in
/// one, and every interleaving of that is explored.
pub fn tasks<R: Runtime>(
    shared: &Shared<R>,
    cx: &Ctx,
    task: impl Fn(&Shared<R>, &Ctx) -> i64 + Sync,
) -> i64 {
    if R::BACKEND != Backend::Threads {
        let tasks = (cx.threads() as u64 * cx.iters()) as i64;
        let mut results = 0;
        while shared.queue.fetch_add(cx, 1) < tasks {
            results += task(shared, cx);
        }
        return results;
    }
    if cx.thread() != 1 {
        return 0;
    }
    let workers = cx.threads();
    pool::submit_all(workers, workers as u64 * cx.iters(), |_| task(shared, cx))
}

impl Lab for PoolLab {
    fn setup<R: Runtime>(&self, _params: &Params) -> Shared<R> {
        Shared {
            total: Cell::new("total", 0),
            lock: Lock::new("lock"),
            queue: Cell::new("queue", 0),
        }
    }

    fn observe<R: Runtime>(&self, shared: &Shared<R>, results: &[i64]) -> State {
        let total = shared.total.peek() + results.iter().sum::<i64>();
        State::from([("total".to_string(), total)])
    }

    /// Under a checker every worker takes tasks from the same queue (only real threads hand them
    /// all to the first thread's pool), and `observe` adds their results to the total.
    fn symmetric(&self, _variant: usize) -> bool {
        true
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        lost(params.total_iters() - state["total"], "count")
    }

    fn trial(&self, params: &Params, state: &State) -> Option<Trial> {
        Some(Trial::new(params.total_iters(), state["total"]))
    }
}
