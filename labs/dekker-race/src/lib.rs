//! The dekker lab (store buffering): each thread raises its own flag, then reads the other's,
//! and enters the critical section if that flag is down. Under weak orderings both can read the
//! other's flag down and both enter. The variants are in [`variants`]; the README tells the story.
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{Cell, Lab, Params, Runtime, Sizes, State, Window};

racelab_core::lab! {
    /// The dekker lab.
    pub struct DekkerLab(Flags) {
        id: "dekker",
        title: "two threads raise a flag, read the other's, and both enter",
        iteration: "entries",
        model_sizes: Sizes::new(2, 1),
        real_sizes: Sizes::new(2, 1),
        real_trials: 20_000,
        real_window: Window::None,
    }
    variants {
        "relaxed": Racy => variants::relaxed, "flags Relaxed: each load may run before the other thread's store is seen";
        "release-acquire": WrongFix => variants::release_acquire, "Release stores, Acquire loads: still both inside; they order a store after what came before it, not before a later load";
        "seqcst": Fix => variants::seqcst, "flags SeqCst: one order of all four accesses, in which some load comes after both stores";
        "seqcst-fence": Fix => variants::seqcst_fence, "Relaxed accesses with a SeqCst fence between the store and the load";
    }
}

/// What the threads share: one flag per thread, 1 while it wants to enter.
#[derive(Debug)]
pub struct Flags<R: Runtime> {
    /// Thread 1's flag.
    pub a: Cell<R>,
    /// Thread 2's flag.
    pub b: Cell<R>,
}

impl<R: Runtime> Flags<R> {
    /// (this thread's flag, the other thread's).
    pub fn of(&self, thread: usize) -> (&Cell<R>, &Cell<R>) {
        if thread == 1 {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        }
    }
}

/// What a thread hands over when it entered the critical section.
pub const ENTERED: i64 = 1;

impl Lab for DekkerLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        match (params.threads, params.iters) {
            (2, 1) => Ok(()),
            (threads, iters) => Err(format!(
                "--threads {threads} --iters {iters}: the dekker lab has exactly 2 threads that \
                 each try to enter once; run more trials instead"
            )),
        }
    }

    fn setup<R: Runtime>(&self, _params: &Params) -> Flags<R> {
        Flags {
            a: Cell::new("flag1", 0),
            b: Cell::new("flag2", 0),
        }
    }

    fn observe<R: Runtime>(&self, _flags: &Flags<R>, entered: &[i64]) -> State {
        State::from([("inside".to_string(), entered.iter().sum())])
    }

    fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
        if state["inside"] > 1 {
            vec!["both inside".into()]
        } else {
            vec![]
        }
    }
}
