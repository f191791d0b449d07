//! The dining philosophers (Dijkstra; LBoS 4.4; OSTEP 31): N philosophers round a table, a fork
//! between each two, and each needs both its forks to eat. Taken left then right, the forks can
//! leave every philosopher holding one and waiting for the other.
//!
//! The variants are in [`variants`]; the state, params and invariants are in
//! [`PhilosophersLab`]. Forks are taken with `lock_or_deadlock`, so a deadlock ends the
//! execution as an outcome on every backend.
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::waits::Deadlock;
use racelab_core::{
    tally, Cell, Ctx, Lab, Lock, ParamSpec, Params, Runtime, Semaphore, Sizes, State,
};

/// The most philosophers at the table.
pub const MOST: usize = 8;

/// The forks' names, fork i between philosopher i and philosopher i + 1.
const FORKS: [&str; MOST] = [
    "fork0", "fork1", "fork2", "fork3", "fork4", "fork5", "fork6", "fork7",
];

/// What a philosopher has eaten, by philosopher.
const MEALS: [&str; MOST] = [
    "meals1", "meals2", "meals3", "meals4", "meals5", "meals6", "meals7", "meals8",
];

/// The table: the forks, the waiter's seats, and how patient a philosopher is. What is measured
/// (meals eaten and given up) is private: the code under test eats with `eat` and gives a meal
/// up by returning `Ok(false)`.
#[derive(Debug)]
pub struct Table<R: Runtime> {
    /// Fork i lies between philosopher i + 1 (on its left) and philosopher i + 2 (on its right).
    pub forks: Vec<Lock<R>>,
    /// The waiter's seats: N - 1 of them.
    pub seats: Semaphore<R>,
    /// Each philosopher's meals (only its own thread writes them, in `eat`).
    meals: Vec<Cell<R>>,
    /// Meals given up.
    hungry: Cell<R>,
    /// How often a philosopher of `try-and-back-off` puts its left fork back before it gives up
    /// the meal.
    pub patience: u32,
    /// How many meals each philosopher's dinner has.
    dinner: i64,
}

impl<R: Runtime> Table<R> {
    /// This philosopher's left fork: fork i for philosopher i + 1 (threads count from 1).
    pub fn left(&self, cx: &Ctx) -> &Lock<R> {
        &self.forks[cx.thread() - 1]
    }

    /// This philosopher's right fork: the next one round the table.
    pub fn right(&self, cx: &Ctx) -> &Lock<R> {
        &self.forks[cx.thread() % self.forks.len()]
    }

    /// This philosopher's two forks, the lower-numbered first.
    pub fn lower_first(&self, cx: &Ctx) -> (&Lock<R>, &Lock<R>) {
        let (left, right) = (cx.thread() - 1, cx.thread() % self.forks.len());
        (&self.forks[left.min(right)], &self.forks[left.max(right)])
    }

    /// Eats (the caller holds both forks): one more meal in this philosopher's count.
    #[track_caller]
    pub fn eat(&self, cx: &Ctx) {
        let meals = &self.meals[cx.thread() - 1];
        meals.store(cx, meals.load(cx) + 1);
    }
}

/// The observed key of a philosopher's meals (only where they are not one per meal of the
/// dinner).
const ATE: &str = "meals";

/// How patient a philosopher of `try-and-back-off` is.
static PARAMS: &[ParamSpec] = &[ParamSpec {
    name: "patience",
    help: "try-and-back-off: how often a philosopher puts its left fork back before it gives up a meal",
    default: 1,
    min: 0,
    max: 1_000,
}];

/// One philosopher's dinner: `code` runs once per meal (`--meals`); a meal given up is counted
/// in `hungry`. Returns how many meals ended in a deadlock.
pub fn dinner<R: Runtime>(
    table: &Table<R>,
    cx: &Ctx,
    code: impl Fn(&Table<R>, &Ctx) -> Result<bool, Deadlock>,
) -> i64 {
    let mut deadlocks = 0;
    for _ in 0..cx.iters() {
        match code(table, cx) {
            Ok(true) => {}
            Ok(false) => {
                table.hungry.add(cx, 1);
            }
            Err(_) => deadlocks += 1,
        }
    }
    deadlocks
}

racelab_core::lab! {
    /// The philosophers lab.
    pub struct PhilosophersLab(Table) {
        id: "philosophers",
        title: "philosophers take their left fork, then their right, and all wait for ever",
        iteration: "meals",
        witnesses: &[("went hungry", "hungry")],
        iters_alias: Some("meals"),
        params: PARAMS,
        model_sizes: Sizes::new(3, 1),
        real_sizes: Sizes::new(5, 20),
        real_trials: 200,
    }
    variants(dinner) {
        "naive": Racy => variants::naive, "left fork, then right: every philosopher can hold one fork and wait for the other";
        "ordered": Fix => variants::ordered, "the lower-numbered fork first: the last philosopher reaches the other way, and no circle closes";
        "waiter": Fix => variants::waiter, "a waiter seats N - 1 at a time (a semaphore): someone seated always has both forks free";
        "try-and-back-off": WrongFix => variants::try_and_back_off, "try the right fork, put the left back if it is taken: no deadlock, but a livelock";
    }
}

impl Lab for PhilosophersLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        match params.threads {
            2..=MOST => Ok(()),
            n => Err(format!(
                "--threads {n}: the table seats 2 to {MOST} philosophers (one thread each)"
            )),
        }
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Table<R> {
        let n = params.threads;
        Table {
            forks: FORKS[..n].iter().map(|name| Lock::new(name)).collect(),
            seats: Semaphore::new("seats", n as i64 - 1),
            meals: MEALS[..n].iter().map(|name| Cell::new(name, 0)).collect(),
            hungry: Cell::new("hungry", 0),
            patience: params.get("patience") as u32,
            dinner: params.iters as i64,
        }
    }

    fn observe<R: Runtime>(&self, table: &Table<R>, deadlocks: &[i64]) -> State {
        let (hungry, deadlocked) = (table.hungry.peek(), deadlocks.iter().sum());
        let mut state = State::from([
            ("went hungry".to_string(), hungry),
            ("deadlocked".to_string(), deadlocked),
        ]);
        // Where no meal was given up and none deadlocked, each philosopher ate once per meal;
        // a count only where it is not, so that a correct table has no column for it.
        if (hungry, deadlocked) == (0, 0) {
            let meals = table.meals.iter().map(Cell::peek);
            tally::note(&mut state, ATE, meals, |_| Some(table.dinner));
        }
        state
    }

    /// Under racelab's SC checker nobody gives up: the execution ends where every philosopher
    /// waits, each a meal that never happens.
    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        Some(State::from([
            (
                "went hungry".to_string(),
                cells.get("hungry").copied().unwrap_or_default(),
            ),
            ("deadlocked".to_string(), stuck as i64),
        ]))
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        for (philosopher, meals) in tally::miscounted(state, ATE) {
            let expected = params.iters;
            broken.push(format!(
                "philosopher {philosopher} ate {meals} times, not {expected}"
            ));
        }
        if state["deadlocked"] > 0 {
            broken.push("deadlock".to_string());
        }
        match state["went hungry"] {
            0 => {}
            1 => broken.push("a philosopher gave up a meal".to_string()),
            n => broken.push(format!("{n} meals given up")),
        }
        broken
    }
}
