//! The execution models: the same tasks, run seven ways. Each returns the checksum of the
//! tasks' results and how many tasks ran.

use crate::work::{combine, mix, Task, Work};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

/// How a set of tasks is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// One task after another.
    OneChef,
    /// One OS thread per task.
    Threads,
    /// Tasks submitted to a pool of min(32, cores + 4) threads; results through handles.
    ThreadPool,
    /// One child process per task.
    Processes,
    /// One child process per core, each mapping a share of the tasks.
    ProcessPool,
    /// Async tasks on one OS thread.
    Async,
    /// Threads that must hold one global lock to compute, as CPython's threads do.
    GilThreads,
}

impl Model {
    /// Every model, one chef first (the others' speedups are against it).
    pub const ALL: [Model; 7] = [
        Model::OneChef,
        Model::Threads,
        Model::ThreadPool,
        Model::Processes,
        Model::ProcessPool,
        Model::Async,
        Model::GilThreads,
    ];

    /// The id in reports.
    pub fn id(self) -> &'static str {
        match self {
            Model::OneChef => "one-chef",
            Model::Threads => "threads",
            Model::ThreadPool => "thread-pool",
            Model::Processes => "processes",
            Model::ProcessPool => "process-pool",
            Model::Async => "async",
            Model::GilThreads => "gil-threads",
        }
    }

    /// The model called `id`.
    pub fn named(id: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.id() == id)
    }

    /// What it is, as Python's notes call it.
    pub fn as_in_python(self) -> &'static str {
        match self {
            Model::OneChef => "plain code",
            Model::Threads => "threading.Thread",
            Model::ThreadPool => "ThreadPoolExecutor.submit",
            Model::Processes => "multiprocessing.Process",
            Model::ProcessPool => "multiprocessing.Pool.map",
            Model::Async => "asyncio.gather",
            Model::GilThreads => "threads in CPython",
        }
    }
}

/// ThreadPoolExecutor's default size: min(32, cores + 4).
pub fn pool_size() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores + 4).min(32)
}

/// Runs `tasks` tasks of `task` under `model`; `exe` serves child processes.
pub fn run(model: Model, task: Task, tasks: usize, exe: &Path) -> Result<(u64, usize), String> {
    match model {
        Model::OneChef => Ok((combine((0..tasks).map(|i| task.run(i))), tasks)),
        Model::Threads => {
            let handles: Vec<_> = (0..tasks)
                .map(|i| std::thread::spawn(move || task.run(i)))
                .collect();
            let results: Vec<u64> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
            Ok((combine(results.iter().copied()), results.len()))
        }
        Model::ThreadPool => thread_pool(task, tasks),
        Model::Processes => {
            let shares: Vec<Vec<usize>> = (0..tasks).map(|i| vec![i]).collect();
            in_processes(task, &shares, exe)
        }
        Model::ProcessPool => {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let workers = cores.min(tasks);
            let shares: Vec<Vec<usize>> = (0..workers)
                .map(|w| (w..tasks).step_by(workers).collect())
                .collect();
            in_processes(task, &shares, exe)
        }
        Model::Async => on_one_thread(task, tasks),
        Model::GilThreads => behind_a_gil(task, tasks),
    }
}

/// Each task submitted to the pool with a handle of its own (a future), then every handle
/// waited on.
fn thread_pool(task: Task, tasks: usize) -> Result<(u64, usize), String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(pool_size())
        .build()
        .map_err(|e| format!("cannot build a thread pool: {e}"))?;
    let futures: Vec<mpsc::Receiver<u64>> = (0..tasks)
        .map(|i| {
            let (done, future) = mpsc::channel();
            pool.spawn(move || {
                let _ = done.send(task.run(i));
            });
            future
        })
        .collect();
    let results: Vec<u64> = futures.iter().filter_map(|f| f.recv().ok()).collect();
    Ok((combine(results.iter().copied()), results.len()))
}

/// Child processes that are killed if the parent gives up on them.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One child process per share of the tasks (`exe __kitchen WORK UNITS I,J,...`); each prints
/// the checksum of its share and how many tasks it ran.
fn in_processes(task: Task, shares: &[Vec<usize>], exe: &Path) -> Result<(u64, usize), String> {
    let mut children = Children(Vec::new());
    for share in shares {
        let indices: Vec<String> = share.iter().map(|i| i.to_string()).collect();
        let child = Command::new(exe)
            .args(["__kitchen", task.work.name(), &task.units.to_string()])
            .arg(indices.join(","))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start a child process: {e}"))?;
        children.0.push(child);
    }
    let (mut checksum, mut ran) = (0u64, 0usize);
    for child in std::mem::take(&mut children.0) {
        let output = child
            .wait_with_output()
            .map_err(|e| format!("lost a child process: {e}"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let parsed = text.split_whitespace().collect::<Vec<_>>();
        match (output.status.success(), parsed.as_slice()) {
            (true, [sum, count]) => {
                checksum = checksum.wrapping_add(sum.parse().map_err(|_| bad(&text))?);
                ran += count.parse::<usize>().map_err(|_| bad(&text))?;
            }
            _ => {
                let why = String::from_utf8_lossy(&output.stderr);
                return Err(format!("a child process failed: {}", why.trim()));
            }
        }
    }
    Ok((checksum, ran))
}

fn bad(text: &str) -> String {
    format!("a child process answered {text:?}")
}

/// Async tasks on a current-thread runtime: they take turns only at awaits.
fn on_one_thread(task: Task, tasks: usize) -> Result<(u64, usize), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start an async runtime: {e}"))?;
    let futures = (0..tasks).map(|i| async move {
        match task.work {
            // Computing never awaits: no other task runs until this one is done.
            Work::Cpu => task.run(i),
            Work::Io => {
                tokio::time::sleep(Duration::from_millis(task.units)).await;
                Task::after_wait(i)
            }
        }
    });
    let results = runtime.block_on(futures::future::join_all(futures));
    Ok((combine(results.iter().copied()), results.len()))
}

/// Threads that hold one global lock while they compute, handing it over every few
/// milliseconds (CPython's switch interval), and release it while they wait.
fn behind_a_gil(task: Task, tasks: usize) -> Result<(u64, usize), String> {
    let gil = Mutex::new(());
    let results: Vec<u64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..tasks)
            .map(|i| {
                let gil = &gil;
                scope.spawn(move || match task.work {
                    Work::Cpu => {
                        let slice = (task.units / 10).max(1);
                        let (mut x, mut left) = (i as u64 + 1, task.units);
                        while left > 0 {
                            let rounds = left.min(slice);
                            let _held = gil.lock().unwrap_or_else(|p| p.into_inner());
                            x = mix(x, rounds);
                            left -= rounds;
                        }
                        x
                    }
                    Work::Io => {
                        drop(gil.lock().unwrap_or_else(|p| p.into_inner()));
                        std::thread::sleep(Duration::from_millis(task.units));
                        let _held = gil.lock().unwrap_or_else(|p| p.into_inner());
                        Task::after_wait(i)
                    }
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    Ok((combine(results.iter().copied()), results.len()))
}
