//! The transfer lab: two transfers between two accounts, in opposite directions, each locking its
//! source and then its destination. Each can take its first lock and wait forever for the other's.
//!
//! The variants are in [`variants`]; the state, params and invariants are in [`TransferLab`].
//! Locks are taken with `lock_or_deadlock`, so a deadlock ends the execution as an outcome (with
//! the trace that reaches it) instead of hanging loom, shuttle or real threads.
#![deny(missing_docs)]

mod exercise;
pub mod variants;

pub use variants::move_money;

use racelab_core::waits::Deadlock;
use racelab_core::{tally, Cell, Ctx, Lab, Lock, ParamSpec, Params, Runtime, State, Tally};

/// One account: its balance and its lock (the balance is private: money moves through
/// [`move_money`], which counts each move).
#[derive(Debug)]
pub struct Account<R: Runtime> {
    /// The balance.
    balance: Cell<R>,
    /// The account's own lock.
    pub lock: Lock<R>,
    /// Each thread's moves out of this account: a transfer that returns without moving the
    /// money is caught, not verified.
    moves: Tally,
}

impl<R: Runtime> Account<R> {
    fn new(name: &'static str, balance: i64, threads: usize) -> Self {
        Account {
            balance: Cell::new(name, balance),
            lock: Lock::new(name),
            moves: Tally::new(threads),
        }
    }

    /// Counts one move of money out of this account by `cx`'s thread, so that a transfer that
    /// skips [`move_money`] is caught.
    fn count_move(&self, cx: &Ctx) {
        self.moves.add(cx);
    }
}

/// What the threads share: two accounts, the bank-wide lock of `global-lock`, and the amount.
#[derive(Debug)]
pub struct Bank<R: Runtime> {
    /// Account A (first in the global lock order).
    pub a: Account<R>,
    /// Account B.
    pub b: Account<R>,
    /// One lock for the whole bank.
    pub bank_lock: Lock<R>,
    /// What each transfer moves.
    pub amount: i64,
    /// How many transfers each thread makes.
    transfers: i64,
}

impl<R: Runtime> Bank<R> {
    /// (source, destination) of thread `thread`'s transfers: odd threads move money from A to B,
    /// even threads from B to A.
    pub fn accounts(&self, thread: usize) -> (&Account<R>, &Account<R>) {
        if thread % 2 == 1 {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        }
    }
}

/// Each account's opening balance and what each transfer moves.
static PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "balance",
        help: "Each account's opening balance",
        default: 100,
        min: 0,
        max: 1_000_000_000,
    },
    ParamSpec {
        name: "amount",
        help: "What each transfer moves",
        default: 10,
        min: 1,
        max: 1_000_000_000,
    },
];

/// One thread's transfers: `transfer` runs `iters` times; returns how many gave up on a deadlock.
pub fn transfers<R: Runtime>(
    bank: &Bank<R>,
    cx: &Ctx,
    transfer: impl Fn(&Bank<R>, &Ctx) -> Result<(), Deadlock>,
) -> i64 {
    let mut deadlocks = 0;
    for _ in 0..cx.iters() {
        if transfer(bank, cx).is_err() {
            deadlocks += 1;
        }
    }
    deadlocks
}

/// The observed key of a thread's moves of money (only where they are not one per transfer).
const MOVES: &str = "transfers";

racelab_core::lab! {
    /// The transfer lab.
    pub struct TransferLab(Bank) {
        id: "transfer",
        title: "two transfers lock two accounts in opposite orders and deadlock",
        iteration: "transfers",
        params: PARAMS,
    }
    variants(transfers) {
        "naive": Racy => variants::naive, "lock the source, then the destination: opposite transfers wait for each other";
        "ordered": Fix => variants::ordered, "lock both accounts in one global order (A before B), whatever the direction";
        "global-lock": Fix => variants::global_lock, "one lock for the whole bank: simple, safe, and no two transfers at once";
    }
}

impl Lab for TransferLab {
    fn setup<R: Runtime>(&self, params: &Params) -> Bank<R> {
        let balance = params.get("balance");
        Bank {
            a: Account::new("A", balance, params.threads),
            b: Account::new("B", balance, params.threads),
            bank_lock: Lock::new("bank"),
            amount: params.get("amount"),
            transfers: params.iters as i64,
        }
    }

    fn observe<R: Runtime>(&self, bank: &Bank<R>, deadlocks: &[i64]) -> State {
        let deadlocked = deadlocks.iter().sum();
        let mut state = State::from([
            ("A".to_string(), bank.a.balance.peek()),
            ("B".to_string(), bank.b.balance.peek()),
            ("deadlocked".to_string(), deadlocked),
        ]);
        // Only where they are wrong, so that a correct transfer's table has no column for them;
        // a transfer that gave up on a deadlock moved nothing, and the deadlock is the verdict.
        if deadlocked == 0 {
            let (a, b) = (bank.a.moves.counts(), bank.b.moves.counts());
            let moves = a.iter().zip(b).map(|(a, b)| a + b);
            tally::note(&mut state, MOVES, moves, |_| Some(bank.transfers));
        }
        state
    }

    /// Under racelab's SC checker nobody gives up: the execution ends where every thread waits,
    /// and each waiting thread is a transfer that never finishes.
    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        Some(State::from([
            ("A".to_string(), cells.get("A").copied().unwrap_or_default()),
            ("B".to_string(), cells.get("B").copied().unwrap_or_default()),
            ("deadlocked".to_string(), stuck as i64),
        ]))
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        for (thread, moves) in tally::miscounted(state, MOVES) {
            let transfers = params.iters;
            broken.push(format!(
                "thread {thread} moved the money {moves} times, not {transfers}"
            ));
        }
        let deadlocked = state["deadlocked"] > 0;
        if deadlocked {
            broken.push("deadlock".to_string());
        }
        let (a, b, balance) = (state["A"], state["B"], params.get("balance"));
        if a + b != 2 * balance {
            broken.push("money lost or created".to_string());
        } else if !deadlocked {
            // Every transfer done: odd threads moved A to B, even threads B to A.
            let net = (params.threads as i64 % 2)
                .saturating_mul(params.iters as i64)
                .saturating_mul(params.get("amount"));
            let (want_a, want_b) = (balance - net, balance + net);
            if (a, b) != (want_a, want_b) {
                broken.push(format!(
                    "the accounts end at A = {a}, B = {b}, not A = {want_a}, B = {want_b}"
                ));
            }
        }
        broken
    }
}
