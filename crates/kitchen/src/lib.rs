//! racelab-kitchen: concurrency against parallelism, measured. The same tasks run under each
//! execution model (one chef, threads, a thread pool, processes, a process pool, async tasks on
//! one thread, and threads behind a modelled GIL), side by side in one run, on CPU-bound and on
//! I/O-bound work; every model's result is checked against the sequential one.
#![deny(missing_docs)]

pub mod child;
mod clock;
pub mod lesson;
pub mod models;
pub mod report;
pub mod work;

pub use models::Model;
pub use report::{Kitchen, Run, Workload, SCHEMA};
pub use work::{Task, Work};

use std::path::Path;

/// The most tasks a run may have (each may be a thread or a process).
pub const MAX_TASKS: usize = 256;

/// What to measure.
#[derive(Debug, Clone)]
pub struct Request {
    /// How many tasks each model runs.
    pub tasks: usize,
    /// The workloads, in order.
    pub works: Vec<Work>,
    /// How long one task should take, in milliseconds.
    pub task_ms: u64,
    /// How many times to run each model on each workload, in rounds (every model once, then
    /// again), so that a busy moment slows every model alike.
    pub repeats: usize,
}

/// The most repeats a run may ask for.
pub const MAX_REPEATS: usize = 20;

/// Checks a request: one line saying what to change, or nothing.
pub fn check(request: &Request) -> Result<(), String> {
    if request.tasks == 0 || request.tasks > MAX_TASKS {
        return Err(format!(
            "--tasks {}: use from 1 to {MAX_TASKS} (each task may be a thread or a process)",
            request.tasks
        ));
    }
    if request.repeats == 0 || request.repeats > MAX_REPEATS {
        return Err(format!(
            "--repeats {}: run each model from 1 to {MAX_REPEATS} times (3 tells a win from noise)",
            request.repeats
        ));
    }
    if request.task_ms == 0 || request.task_ms > 1_000 {
        return Err(format!(
            "--ms {}: give each task from 1 to 1000 milliseconds of work",
            request.task_ms
        ));
    }
    Ok(())
}

/// Runs every model on every workload, with child processes of `exe` (racelab itself, which
/// serves them as `exe __kitchen ...`); `progress` names each run before it starts.
pub fn measure(
    request: &Request,
    exe: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Kitchen, String> {
    check(request)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load_before = load_average();
    let mut workloads = Vec::new();
    for &work in &request.works {
        progress(&format!("{}: calibrating", work.name()));
        let task = Task::calibrated(work, request.task_ms);
        // Waits are checked against their known results; computations against one chef's.
        let mut expected = work::known_checksum(task, request.tasks);
        let mut rounds: Vec<Vec<Run>> = Vec::new();
        for round in 1..=request.repeats {
            let mut runs: Vec<Run> = Vec::new();
            for model in Model::ALL {
                progress(&format!(
                    "{}: {} (round {round} of {})",
                    work.name(),
                    model.id(),
                    request.repeats
                ));
                let measured = clock::measure(|| models::run(model, task, request.tasks, exe))?;
                let (checksum, tasks_run) = measured.value;
                let expected = *expected.get_or_insert(checksum);
                runs.push(Run {
                    model: model.id().into(),
                    wall_ms: measured.wall_ms,
                    cpu_ms: measured.cpu_ms,
                    cores_busy: measured.cpu_ms / measured.wall_ms.max(1e-9),
                    speedup: 0.0,
                    speedups: Vec::new(),
                    tasks_run,
                    checksum_ok: checksum == expected && tasks_run == request.tasks,
                });
            }
            let base = runs.first().map_or(1.0, |r| r.wall_ms);
            for run in &mut runs {
                run.speedup = base / run.wall_ms.max(1e-9);
            }
            rounds.push(runs);
        }
        workloads.push(Workload {
            work: work.name().into(),
            task_ms: request.task_ms,
            units: task.units,
            runs: medians(&rounds),
        });
    }
    Ok(Kitchen {
        schema: SCHEMA.into(),
        cores,
        tasks: request.tasks,
        repeats: request.repeats,
        load_before,
        workloads,
    })
}

/// Each model's runs over the rounds, as one: the median wall and CPU time and speedup, every
/// round's speedup, and whether every round's checksum was right.
fn medians(rounds: &[Vec<Run>]) -> Vec<Run> {
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    (0..rounds.first().map_or(0, Vec::len))
        .map(|m| {
            let of = |f: fn(&Run) -> f64| median(rounds.iter().map(|r| f(&r[m])).collect());
            let first = &rounds[0][m];
            Run {
                model: first.model.clone(),
                wall_ms: of(|r| r.wall_ms),
                cpu_ms: of(|r| r.cpu_ms),
                cores_busy: of(|r| r.cores_busy),
                speedup: of(|r| r.speedup),
                speedups: rounds.iter().map(|r| r[m].speedup).collect(),
                tasks_run: first.tasks_run,
                checksum_ok: rounds.iter().all(|r| r[m].checksum_ok),
            }
        })
        .collect()
}

/// The load average over the last minute, where the system says it (`/proc/loadavg`).
fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}
