//! One execution of a lab under one backend: build the state, spawn, join, observe.

use crate::explore::dpor::{board, event, event::Op};
use crate::stalls::Stalls;
use crate::trace::Recorder;
use crate::waits::WaitGraph;
use crate::{Ctx, Lab, Params, Runtime, State, Window};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// How one execution is run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Setup {
    /// The race window (real threads only; model checkers explore every gap anyway).
    pub window: Window,
    /// Where steps go; none on real threads, where recording would change the timing.
    pub recorder: Option<Recorder>,
    /// Holds the threads until all have started (real threads only).
    pub start_together: bool,
    /// Where the threads count their waits in primitives (real threads, for the runner).
    pub stalls: Option<Stalls>,
}

/// Runs `variant` of `lab` once under backend `R` and returns the final state.
///
/// Under a model checker this must be called inside the model closure: loom and shuttle
/// primitives only exist there. The state is shared through a std `Arc`, since a panic that
/// unwinds through a live `loom::sync::Arc` aborts the process.
pub(crate) fn execute<L: Lab, R: Runtime>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    setup: &Setup,
) -> State {
    let index = (lab.info().variants.iter())
        .position(|v| v.name == variant)
        .expect("a variant is validated before any execution");
    let shared = Arc::new(lab.setup::<R>(params));
    let gate = setup
        .start_together
        .then(|| Arc::new(StartGate::new(params.threads)));
    let waits = WaitGraph::default();
    let handles: Vec<_> = (1..=params.threads)
        .map(|thread| {
            let (lab, shared, gate) = (lab.clone(), Arc::clone(&shared), gate.clone());
            let stalls = setup.stalls.clone();
            let cx = Ctx::new(thread, params.iters, setup.window, setup.recorder.clone())
                .with_waits(waits.clone())
                .with_stalls(stalls.clone())
                .with_threads(params.threads);
            board::announce(Op::Spawn(event::child(thread)), None);
            R::spawn(move || {
                if let Some(gate) = gate {
                    gate.pass();
                }
                let result = lab.thread(index, &shared, &cx);
                if let Some(stalls) = stalls {
                    stalls.finished();
                }
                result
            })
        })
        .collect();
    let results: Vec<i64> = (1..)
        .zip(handles)
        .map(|(thread, handle)| {
            board::announce(Op::Join(event::child(thread)), None);
            R::join(handle)
        })
        .collect();
    lab.observe(&shared, &results)
}

/// Releases real threads together: each spins until all have arrived, so they start within
/// a cache-line transfer of each other (a `Barrier` wakes sleepers tens of microseconds apart,
/// long enough for a short race window to close before the second thread starts).
#[derive(Debug)]
struct StartGate {
    arrived: AtomicUsize,
    threads: usize,
}

impl StartGate {
    fn new(threads: usize) -> Self {
        StartGate {
            arrived: AtomicUsize::new(0),
            threads,
        }
    }

    fn pass(&self) {
        self.arrived.fetch_add(1, Ordering::SeqCst);
        let mut spins = 0u32;
        while self.arrived.load(Ordering::SeqCst) < self.threads {
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) {
                // More threads than cores: let the late ones run.
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        }
    }
}
