//! The barrier lab (LBoS 3.6 and 3.7): threads meet at a barrier every round, and none may go
//! on before all have arrived. Made by hand from a count and turnstiles (semaphores), the count
//! can race, and a barrier built for one round lets a fast thread lap the others in the next.
//!
//! The variants are in [`variants`]; the state, params and invariants are in [`BarrierLab`].
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{Barrier, Cell, Ctx, Lab, Lock, Params, Runtime, Semaphore, Sizes, State};

/// What the threads share: the hand-made barrier's parts, racelab's `Barrier`, and what is
/// checked. Racelab's `Barrier` (the `std-barrier` variant's) and what is checked are private:
/// the code under test builds the barrier by hand and cannot write what measures it.
#[derive(Debug)]
pub struct Meeting<R: Runtime> {
    /// Threads that have arrived (at the current round, for the hand-made barriers).
    pub count: Cell<R>,
    /// Guards `count`.
    pub lock: Lock<R>,
    /// The first turnstile: shut (no permits) until every thread has arrived.
    pub turnstile: Semaphore<R>,
    /// The second turnstile of `two-turnstiles`.
    pub turnstile2: Semaphore<R>,
    /// `std-barrier`'s barrier.
    barrier: Barrier<R>,
    /// Arrivals over all rounds, counted before each wait.
    arrivals: Cell<R>,
    /// Waits left before every thread had arrived.
    lapped: Cell<R>,
    /// How many threads meet.
    pub threads: i64,
}

impl<R: Runtime> Meeting<R> {
    /// Opens `turnstile` for one round: a permit for every thread.
    #[track_caller]
    pub fn open(&self, turnstile: &Semaphore<R>, cx: &Ctx) {
        for _ in 0..self.threads {
            turnstile.release(cx);
        }
    }
}

/// One thread's rounds: it arrives (counted), waits at the barrier with `code`, and checks that
/// every thread has arrived at this round; a thread that left early is counted in `lapped`.
pub fn rounds<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx, code: impl Fn(&Meeting<R>, &Ctx)) -> i64 {
    for round in 1..=cx.iters() as i64 {
        meeting.arrivals.add(cx, 1);
        code(meeting, cx);
        if meeting.arrivals.load(cx) < round * meeting.threads {
            meeting.lapped.add(cx, 1);
        }
    }
    0
}

racelab_core::lab! {
    /// The barrier lab.
    pub struct BarrierLab(Meeting) {
        id: "barrier",
        title: "a barrier made by hand: the count races, and a one-round barrier lets a thread lap the others",
        iteration: "rounds",
        witnesses: &[("left early", "lapped")],
        iters_alias: Some("rounds"),
        model_sizes: Sizes::new(2, 2),
        real_sizes: Sizes::new(3, 200),
        real_trials: 20,
    }
    variants(rounds) {
        "racy-count": Racy => variants::racy_count, "the arrival count loaded and stored with no lock: it can stop short, and everyone waits";
        "turnstile-once": WrongFix => variants::turnstile_once, "a one-round barrier in a loop: a fast thread takes a slow one's permit and laps it";
        "two-turnstiles": Fix => variants::two_turnstiles, "a second turnstile that opens only when every thread has left the first";
        "std-barrier": Fix => variants::std_barrier, "racelab's Barrier, reusable like std's";
    }
}

impl Lab for BarrierLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        match params.threads {
            1 => Err("--threads 1: a barrier needs at least 2 threads to meet".to_string()),
            _ => Ok(()),
        }
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Meeting<R> {
        Meeting {
            count: Cell::new("count", 0),
            lock: Lock::new("mutex"),
            turnstile: Semaphore::new("turnstile", 0),
            turnstile2: Semaphore::new("turnstile2", 0),
            barrier: Barrier::new("barrier", params.threads),
            arrivals: Cell::new("arrivals", 0),
            lapped: Cell::new("lapped", 0),
            threads: params.threads as i64,
        }
    }

    fn observe<R: Runtime>(&self, meeting: &Meeting<R>, _: &[i64]) -> State {
        State::from([
            ("left early".to_string(), meeting.lapped.peek()),
            ("deadlocked".to_string(), 0),
        ])
    }

    /// Under racelab's SC checker an execution in which every unfinished thread waits at a
    /// turnstile that will never open ends there.
    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        Some(State::from([
            (
                "left early".to_string(),
                cells.get("lapped").copied().unwrap_or_default(),
            ),
            ("deadlocked".to_string(), stuck as i64),
        ]))
    }

    /// Every variant's threads run the same rounds and return nothing; the state is in the cells,
    /// and a deadlock's counts only how many wait.
    fn symmetric(&self, _variant: usize) -> bool {
        true
    }

    fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        if state["left early"] > 0 {
            broken.push("a thread left the barrier before every thread arrived".to_string());
        }
        if state["deadlocked"] > 0 {
            broken.push("deadlock".to_string());
        }
        broken
    }
}
