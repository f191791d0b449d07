//! The real pool: tasks submitted to a rayon pool, each with a handle (a future) that resolves to
//! its result, as `ThreadPoolExecutor.submit` returns one.

use std::sync::mpsc::{self, Receiver};

/// Runs `tasks` tasks on a pool of `workers` threads; waits for every future and returns the sum
/// of their results. `task` gets the task's number.
pub fn submit_all(workers: usize, tasks: u64, task: impl Fn(u64) -> i64 + Sync) -> i64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("a pool of a few threads can be built");
    let futures: Vec<Receiver<i64>> = pool.scope(|scope| {
        (0..tasks)
            .map(|n| {
                let (resolve, future) = mpsc::channel();
                let task = &task;
                scope.spawn(move |_| {
                    let _ = resolve.send(task(n));
                });
                future
            })
            .collect()
    });
    // The scope returned: every task has run and every future has resolved.
    futures
        .iter()
        .map(|future| future.recv().unwrap_or(0))
        .sum()
}
