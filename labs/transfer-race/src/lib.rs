//! The transfer lab: two transfers between two accounts, in opposite directions, each locking its
//! source and then its destination. Each can take its first lock and wait forever for the other's.
//!
//! The variants are in [`variants`]; the state, params and invariants are in [`TransferLab`].
//! Locks are taken with `lock_or_deadlock`, so a deadlock ends the execution as an outcome (with
//! the trace that reaches it) instead of hanging loom, shuttle or real threads.
#![deny(missing_docs)]

pub mod variants;

use racelab_core::{Cell, Ctx, Lab, LabInfo, Lock, ParamSpec, Params, Runtime, Sizes, State};
use racelab_core::{VariantInfo, VariantKind, Window};

/// The transfer lab.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransferLab;

/// One account: its balance and its lock.
#[derive(Debug)]
pub struct Account<R: Runtime> {
    /// The balance.
    pub balance: Cell<R>,
    /// The account's own lock.
    pub lock: Lock<R>,
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

static INFO: LabInfo = LabInfo {
    id: "transfer",
    crate_name: "transfer-race",
    title: "two transfers lock two accounts in opposite orders and deadlock",
    iteration: "transfers",
    variants: &[
        VariantInfo {
            name: "naive",
            kind: VariantKind::Racy,
            summary:
                "lock the source, then the destination: opposite transfers wait for each other",
        },
        VariantInfo {
            name: "ordered",
            kind: VariantKind::Fix,
            summary: "lock both accounts in one global order (A before B), whatever the direction",
        },
        VariantInfo {
            name: "global-lock",
            kind: VariantKind::Fix,
            summary: "one lock for the whole bank: simple, safe, and no two transfers at once",
        },
    ],
    params: &[
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
    ],
    model_sizes: Sizes {
        threads: 2,
        iters: 1,
    },
    real_sizes: Sizes {
        threads: 2,
        iters: 1,
    },
    real_trials: 1_000,
    real_window: Window::Yield,
    iters_alias: None,
    readme: include_str!("../README.md"),
    variants_source: include_str!("variants.rs"),
    model_checked: true,
    workers: "threads",
};

impl Lab for TransferLab {
    type Shared<R: Runtime> = Bank<R>;

    fn info(&self) -> &'static LabInfo {
        &INFO
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Bank<R> {
        let balance = params.get("balance");
        Bank {
            a: Account {
                balance: Cell::new("A", balance),
                lock: Lock::new("A"),
            },
            b: Account {
                balance: Cell::new("B", balance),
                lock: Lock::new("B"),
            },
            bank_lock: Lock::new("bank"),
            amount: params.get("amount"),
        }
    }

    /// Returns how many of this thread's transfers gave up on a deadlock.
    fn thread<R: Runtime>(&self, variant: &str, bank: &Bank<R>, cx: &Ctx) -> i64 {
        let transfer = match variant {
            "naive" => variants::naive,
            "ordered" => variants::ordered,
            "global-lock" => variants::global_lock,
            other => unreachable!("variant '{other}' was validated"),
        };
        let mut deadlocks = 0;
        for _ in 0..cx.iters() {
            if transfer(bank, cx).is_err() {
                deadlocks += 1;
            }
        }
        deadlocks
    }

    fn observe<R: Runtime>(&self, bank: &Bank<R>, deadlocks: &[i64]) -> State {
        State::from([
            ("A".to_string(), bank.a.balance.peek()),
            ("B".to_string(), bank.b.balance.peek()),
            ("deadlocks".to_string(), deadlocks.iter().sum()),
        ])
    }

    /// Under racelab's SC checker nobody gives up: the execution ends where every thread waits,
    /// and each waiting thread is a transfer that never finishes.
    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        Some(State::from([
            ("A".to_string(), cells.get("A").copied().unwrap_or_default()),
            ("B".to_string(), cells.get("B").copied().unwrap_or_default()),
            ("deadlocks".to_string(), stuck as i64),
        ]))
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        if state["deadlocks"] > 0 {
            broken.push("deadlock".to_string());
        }
        if state["A"] + state["B"] != 2 * params.get("balance") {
            broken.push("money lost or created".to_string());
        }
        broken
    }
}
