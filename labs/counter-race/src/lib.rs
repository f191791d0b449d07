//! The counter lab: N threads each add 1 to a shared counter K times, and the racy variant loses
//! updates: "read, add one, write back" is three steps. The README tells the story.
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{lab::lost, Cell, Lab, Lock, Params, Runtime, Sizes, State, Trial};

racelab_core::lab! {
    /// The counter lab.
    pub struct CounterLab(Counter) {
        id: "counter",
        title: "a shared counter loses updates",
        iteration: "increments",
        model_sizes: Sizes::new(2, 2),
        real_sizes: Sizes::new(2, 20_000),
        real_trials: 100,
    }
    variants {
        "racy": Racy => variants::racy, "load, then store the value plus one: two steps another thread can split";
        "atomic": Fix => variants::atomic, "fetch_add: read, add and write in one indivisible step";
        "add": Fix => variants::add, "add: fetch_add that reads nothing back, so increments commute";
        "mutex": Fix => variants::mutex, "the same load and store, under a lock";
        "local": Fix => variants::local, "each thread counts privately; the sums are added after join (map/reduce)";
    }
}

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

impl Lab for CounterLab {
    fn setup<R: Runtime>(&self, _params: &Params) -> Counter<R> {
        Counter {
            value: Cell::new("counter", 0),
            lock: Lock::new("lock"),
            flag: Cell::new("flag", 0),
        }
    }

    fn observe<R: Runtime>(&self, counter: &Counter<R>, results: &[i64]) -> State {
        let total = counter.value.peek() + results.iter().sum::<i64>();
        State::from([("counter".to_string(), total)])
    }

    /// Every variant's threads run the same code, and `observe` adds their results up.
    fn symmetric(&self, _variant: usize) -> bool {
        true
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        lost(params.total_iters() - state["counter"], "update")
    }

    fn trial(&self, params: &Params, state: &State) -> Option<Trial> {
        Some(Trial::new(params.total_iters(), state["counter"]))
    }
}
