//! The async-bank lab: the bank withdrawal as async tasks on one OS thread, with an `.await`
//! between the check and the act. No parallelism at all, and it still overdraws.
//!
//! On real hardware the tasks run on a current-thread tokio runtime (one OS thread). Under loom
//! and shuttle they run as model threads that switch only at await points (see
//! [`racelab_core::coop`]), exactly where the executor can switch tasks. The variants are in
//! [`variants`], written once for both through [`executor::Executor`]; the invariants are the
//! bank lab's.
#![deny(missing_docs)]

pub mod executor;
pub mod variants;

use bank_race::BankLab;
use executor::{run_ready, Executor, Model, Tokio};
use racelab_core::coop::{AwaitPoints, CoopCell};
use racelab_core::{Backend, Ctx, Lab, LabInfo, Lock, Params, Runtime, Sizes, State};
use racelab_core::{VariantInfo, VariantKind, Window};

/// The async-bank lab.
#[derive(Debug, Clone, Copy, Default)]
pub struct AsyncBankLab;

/// What the tasks share.
#[derive(Debug)]
pub struct Bank<R: Runtime> {
    /// The balance: touched only by the task that runs (no scheduling point).
    pub balance: CoopCell,
    /// The await points, under a model checker.
    pub awaits: AwaitPoints<R>,
    /// The async mutex of `async-mutex` under a model checker.
    pub lock: Lock<R>,
    /// The async mutex of `async-mutex` on tokio.
    pub async_lock: tokio::sync::Mutex<()>,
    /// What each withdrawal takes.
    pub amount: i64,
}

static INFO: LabInfo = LabInfo {
    id: "async-bank",
    crate_name: "async-bank-race",
    title: "async tasks on one OS thread check the balance across an await and overdraw it",
    iteration: "withdrawals",
    variants: &[
        VariantInfo {
            name: "racy",
            kind: VariantKind::Racy,
            summary: "check, await, then update: another task runs during the await",
        },
        VariantInfo {
            name: "no-await-between",
            kind: VariantKind::Fix,
            summary: "check and update in one synchronous step: no task can run in between",
        },
        VariantInfo {
            name: "async-mutex",
            kind: VariantKind::Fix,
            summary: "an async mutex held across the await",
        },
    ],
    params: bank_race::PARAMS,
    model_sizes: Sizes {
        threads: 2,
        iters: 1,
    },
    real_sizes: Sizes {
        threads: 2,
        iters: 1,
    },
    real_trials: 1_000,
    real_window: Window::None,
    iters_alias: Some("withdrawals"),
    readme: include_str!("../README.md"),
    variants_source: include_str!("variants.rs"),
    model_checked: true,
    workers: "tasks on one OS thread",
};

/// One task's withdrawals through `executor`; returns what it was paid.
async fn withdrawals<E: Executor, R: Runtime>(
    variant: &str,
    executor: &E,
    bank: &Bank<R>,
    cx: &Ctx,
) -> i64 {
    let mut wallet = 0;
    for _ in 0..cx.iters() {
        let (balance, amount) = (&bank.balance, bank.amount);
        let paid = match variant {
            "racy" => variants::racy(executor, balance, amount, cx).await,
            "no-await-between" => variants::no_await_between(executor, balance, amount, cx).await,
            "async-mutex" => variants::async_mutex(executor, balance, amount, cx).await,
            other => unreachable!("variant '{other}' was validated"),
        };
        if paid {
            wallet += amount;
        }
    }
    wallet
}

impl Lab for AsyncBankLab {
    type Shared<R: Runtime> = Bank<R>;

    fn info(&self) -> &'static LabInfo {
        &INFO
    }

    fn check_params(&self, params: &Params) -> Result<(), String> {
        BankLab.check_params(params)
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Bank<R> {
        Bank {
            balance: CoopCell::new("balance", params.get("balance")),
            awaits: AwaitPoints::default(),
            lock: Lock::new("async mutex"),
            async_lock: tokio::sync::Mutex::new(()),
            amount: params.get("amount"),
        }
    }

    /// Under a checker: this task's withdrawals, as a model thread. On real hardware: the first
    /// lab thread runs every task on one current-thread tokio runtime; the others do nothing.
    fn thread<R: Runtime>(&self, variant: &str, bank: &Bank<R>, cx: &Ctx) -> i64 {
        if R::BACKEND != Backend::Threads {
            return run_ready(withdrawals(variant, &Model(bank), bank, cx));
        }
        if cx.thread() != 1 {
            return 0;
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime needs no resources");
        let executor = Tokio(bank);
        let tasks = (0..cx.threads()).map(|_| withdrawals(variant, &executor, bank, cx));
        runtime
            .block_on(futures::future::join_all(tasks))
            .iter()
            .sum()
    }

    fn observe<R: Runtime>(&self, bank: &Bank<R>, wallets: &[i64]) -> State {
        State::from([
            ("balance".to_string(), bank.balance.peek()),
            ("paid".to_string(), wallets.iter().sum()),
        ])
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        BankLab.violations(params, state)
    }
}
