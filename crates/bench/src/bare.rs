//! The counter written directly against loom and shuttle, as a user would without racelab: the
//! baseline of the overhead comparison.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The counter scenario: `threads` threads, `iters` increments each, locked or racy.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// Threads.
    pub threads: usize,
    /// Increments per thread.
    pub iters: u64,
    /// Whether each increment is under a mutex.
    pub locked: bool,
}

/// Which `Arc` the bare loom model shares its state through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedBy {
    /// `std::sync::Arc`, as racelab's harness does: not a model object, no scheduling points.
    StdArc,
    /// `loom::sync::Arc`, as loom's documentation writes models: its reference counts are
    /// modelled atomics, so every clone and drop is a scheduling point.
    LoomArc,
}

/// Explores the scenario with bare loom; returns the number of executions.
pub fn loom(s: Scenario, shared_by: SharedBy) -> u64 {
    match shared_by {
        SharedBy::StdArc => loom_model::<std::sync::Arc<Shared>>(s),
        SharedBy::LoomArc => loom_model::<loom::sync::Arc<Shared>>(s),
    }
}

type Shared = (loom::sync::atomic::AtomicI64, loom::sync::Mutex<()>);

/// An `Arc` of either kind.
trait SharedArc: Clone + Send + 'static + std::ops::Deref<Target = Shared> {
    fn new(shared: Shared) -> Self;
}

impl SharedArc for std::sync::Arc<Shared> {
    fn new(shared: Shared) -> Self {
        std::sync::Arc::new(shared)
    }
}

impl SharedArc for loom::sync::Arc<Shared> {
    fn new(shared: Shared) -> Self {
        loom::sync::Arc::new(shared)
    }
}

fn loom_model<A: SharedArc>(s: Scenario) -> u64 {
    use loom::sync::atomic::AtomicI64;
    use loom::sync::Mutex;
    let executions = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&executions);
    let mut builder = loom::model::Builder::new();
    builder.max_branches = 20_000;
    builder.checkpoint_file = None;
    builder.check(move || {
        counted.fetch_add(1, Ordering::Relaxed);
        let shared = A::new((AtomicI64::new(0), Mutex::new(())));
        let handles: Vec<_> = (0..s.threads)
            .map(|_| {
                let shared = shared.clone();
                loom::thread::spawn(move || {
                    for _ in 0..s.iters {
                        let _guard = s.locked.then(|| shared.1.lock().unwrap());
                        let seen = shared.0.load(std::sync::atomic::Ordering::SeqCst);
                        shared
                            .0
                            .store(seen + 1, std::sync::atomic::Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        std::hint::black_box(shared.0.load(std::sync::atomic::Ordering::SeqCst));
    });
    executions.load(Ordering::Relaxed)
}

/// Explores the scenario with bare shuttle DFS (at most `max` schedules); returns the count.
pub fn shuttle_dfs(s: Scenario, max: Option<usize>) -> u64 {
    use shuttle::sync::atomic::AtomicI64;
    use shuttle::sync::Mutex;
    let executions = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&executions);
    shuttle::check_dfs(
        move || {
            counted.fetch_add(1, Ordering::Relaxed);
            let shared = Arc::new((AtomicI64::new(0), Mutex::new(())));
            let handles: Vec<_> = (0..s.threads)
                .map(|_| {
                    let shared = Arc::clone(&shared);
                    shuttle::thread::spawn(move || {
                        for _ in 0..s.iters {
                            let _guard = s.locked.then(|| shared.1.lock().unwrap());
                            let seen = shared.0.load(std::sync::atomic::Ordering::SeqCst);
                            shared
                                .0
                                .store(seen + 1, std::sync::atomic::Ordering::SeqCst);
                        }
                    })
                })
                .collect();
            for handle in handles {
                handle.join().unwrap();
            }
            std::hint::black_box(shared.0.load(std::sync::atomic::Ordering::SeqCst));
        },
        max,
    );
    executions.load(Ordering::Relaxed)
}
