//! The dekker lab (store buffering): each thread raises its own flag, then reads the other's,
//! and enters the critical section if that flag is down. Under weak orderings both can read the
//! other's flag down and both enter. The variants are in [`variants`]; the README tells the story.
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{tally, Cell, Ctx, Lab, Params, Runtime, Sizes, State, Window};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed, Ordering::SeqCst};

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
    variants(attempt) {
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
    /// Each thread's attempt as [`attempt`] checked it, outside the model: whether it stayed out
    /// with the other's flag down, or entered with its own flag down.
    unjustified: [AtomicBool; 2],
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

/// One thread's attempt: `try_enter` returns [`ENTERED`] or 0, and the lab then checks that the
/// answer was earned, with one more load: a thread that stayed out must find the other's flag
/// up (it saw it up, and a flag never comes down, so a later load sees it up too), and one that
/// entered must find its own flag up. An attempt that always stays out (never both inside, and
/// never inside at all) is caught where it runs before the other raises its flag.
pub fn attempt<R: Runtime>(
    flags: &Flags<R>,
    cx: &Ctx,
    try_enter: impl Fn(&Flags<R>, &Ctx) -> i64,
) -> i64 {
    let entered = try_enter(flags, cx);
    let (mine, theirs) = flags.of(cx.thread());
    let earned = match entered {
        ENTERED => mine.load_with(cx, SeqCst) == 1,
        _ => theirs.load_with(cx, SeqCst) == 1,
    };
    flags.unjustified[cx.thread() - 1].store(!earned, Relaxed);
    entered
}

/// The observed key of a thread's attempt whose answer was not earned (only where one was not;
/// read back with [`tally::miscounted`]).
const UNEARNED: &str = "unearned answer";

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
            unjustified: Default::default(),
        }
    }

    fn observe<R: Runtime>(&self, flags: &Flags<R>, entered: &[i64]) -> State {
        let mut state = State::from([("inside".to_string(), entered.iter().sum())]);
        // Only where an answer was not earned, so that a correct solution's table has no column.
        for (i, unjustified) in flags.unjustified.iter().enumerate() {
            if unjustified.load(Relaxed) {
                state.insert(format!("{UNEARNED} of thread {}", i + 1), entered[i]);
            }
        }
        state
    }

    fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        for (thread, entered) in tally::miscounted(state, UNEARNED) {
            let other = 3 - thread;
            broken.push(if entered == ENTERED {
                format!("thread {thread} entered with its own flag down")
            } else {
                format!("thread {thread} stayed out with thread {other}'s flag down")
            });
        }
        if state["inside"] > 1 {
            broken.push("both inside".into());
        }
        broken
    }
}
