//! The counter lab: N threads each add 1 to a shared counter K times; the racy variant loses
//! updates because "read, add one, write back" is three steps, not one.
//!
//! The variants are written once, generic over [`Runtime`], in [`variants`]; the lab's
//! state, defaults and invariant are in [`CounterLab`]. The README (shown by
//! `racelab explain counter`) tells the story.
#![deny(missing_docs)]

pub mod variants;

use racelab_core::{Cell, Ctx, Lab, LabInfo, Lock, Params, Runtime, Sizes, State, Trial};
use racelab_core::{VariantInfo, VariantKind, Window};

/// The counter lab.
#[derive(Debug, Clone, Copy, Default)]
pub struct CounterLab;

/// What the threads share: the counter, and a lock for the `mutex` variant.
#[derive(Debug)]
pub struct Counter<R: Runtime> {
    /// The shared counter.
    pub value: Cell<R>,
    /// The lock the `mutex` variant takes around each increment.
    pub lock: Lock<R>,
    /// A spare cell (0 or 1) for a lock made by hand in the exercises; the variants leave it.
    pub flag: Cell<R>,
}

/// The counter lab with an exercise file's `increment` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx)`; each thread calls it
/// `iters` times.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::CounterLab, |counter, cx| {
            for _ in 0..cx.iters() {
                $module::increment(counter, cx);
            }
            0
        })
    };
}

static INFO: LabInfo = LabInfo {
    id: "counter",
    crate_name: "counter-race",
    title: "a shared counter loses updates",
    iteration: "increments",
    variants: &[
        VariantInfo {
            name: "racy",
            kind: VariantKind::Racy,
            summary: "load, then store the value plus one: two steps another thread can split",
        },
        VariantInfo {
            name: "atomic",
            kind: VariantKind::Fix,
            summary: "fetch_add: read, add and write in one indivisible step",
        },
        VariantInfo {
            name: "mutex",
            kind: VariantKind::Fix,
            summary: "the same load and store, under a lock",
        },
        VariantInfo {
            name: "local",
            kind: VariantKind::Fix,
            summary: "each thread counts privately; the sums are added after join (map/reduce)",
        },
    ],
    params: &[],
    model_sizes: Sizes {
        threads: 2,
        iters: 2,
    },
    real_sizes: Sizes {
        threads: 2,
        iters: 20_000,
    },
    real_trials: 100,
    real_window: Window::Yield,
    iters_alias: None,
    readme: include_str!("../README.md"),
    variants_source: include_str!("variants.rs"),
    model_checked: true,
    workers: "threads",
};

impl Lab for CounterLab {
    type Shared<R: Runtime> = Counter<R>;

    fn info(&self) -> &'static LabInfo {
        &INFO
    }

    fn setup<R: Runtime>(&self, _params: &Params) -> Counter<R> {
        Counter {
            value: Cell::new("counter", 0),
            lock: Lock::new("lock"),
            flag: Cell::new("flag", 0),
        }
    }

    fn thread<R: Runtime>(&self, variant: &str, counter: &Counter<R>, cx: &Ctx) -> i64 {
        match variant {
            "racy" => variants::racy(counter, cx),
            "atomic" => variants::atomic(counter, cx),
            "mutex" => variants::mutex(counter, cx),
            "local" => return variants::local(cx),
            other => unreachable!("variant '{other}' was validated"),
        }
        0
    }

    fn observe<R: Runtime>(&self, counter: &Counter<R>, results: &[i64]) -> State {
        let total = counter.value.peek() + results.iter().sum::<i64>();
        State::from([("counter".to_string(), total)])
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let lost = params.total_iters() - state["counter"];
        match lost {
            0 => vec![],
            1 => vec!["lost 1 update".into()],
            n => vec![format!("lost {n} updates")],
        }
    }

    fn trial(&self, params: &Params, state: &State) -> Option<Trial> {
        Some(Trial::new(params.total_iters(), state["counter"]))
    }
}
