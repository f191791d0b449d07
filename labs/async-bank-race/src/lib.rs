//! The async-bank lab: the bank withdrawal as async tasks on one OS thread, with an `.await`
//! between the check and the act. No parallelism at all, and it still overdraws.
//!
//! On real hardware the tasks run on a current-thread tokio runtime (one OS thread). Under loom
//! and shuttle they run as model threads that switch only at await points (see
//! [`racelab_core::coop`]), exactly where the executor can switch tasks. The variants are in
//! [`variants`], written once for both through [`executor::Executor`], and each task's
//! withdrawals in [`tasks`]; the invariants are the bank lab's.
#![deny(missing_docs)]

pub mod executor;
mod exercise;
pub mod variants;

use bank_race::BankLab;
use executor::{run_ready, Executor};
use racelab_core::coop::{AwaitPoints, CoopCell};
use racelab_core::{Backend, Ctx, Lab, Lock, Params, Runtime, State, Window};

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

racelab_core::lab! {
    /// The async-bank lab.
    pub struct AsyncBankLab(Bank) {
        id: "async-bank",
        title: "async tasks on one OS thread check the balance across an await and overdraw it",
        iteration: "withdrawals",
        params: bank_race::PARAMS,
        real_window: Window::None,
        iters_alias: Some("withdrawals"),
        workers: "tasks on one OS thread",
    }
    variants(tasks) {
        "racy": Racy => variants::racy, "check, await, then update: another task runs during the await";
        "no-await-between": Fix => variants::no_await_between, "check and update in one synchronous step: no task can run in between";
        "async-mutex": Fix => variants::async_mutex, "an async mutex held across the await";
    }
}

/// One lab thread's tasks, each making `iters` withdrawals with `withdraw`; returns what they
/// were paid.
///
/// Under a checker each model thread is one task. On real hardware the first lab thread runs
/// every task on one current-thread tokio runtime, and the others do nothing.
pub fn tasks<R: Runtime>(
    bank: &Bank<R>,
    cx: &Ctx,
    withdraw: impl AsyncFn(&Executor<'_, R>, &CoopCell, i64, &Ctx) -> bool,
) -> i64 {
    if R::BACKEND != Backend::Threads {
        return run_ready(withdrawals(&Executor::Model(bank), bank, cx, &withdraw));
    }
    if cx.thread() != 1 {
        return 0;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime needs no resources");
    let executor = Executor::Tokio(bank);
    let tasks = (0..cx.threads()).map(|_| withdrawals(&executor, bank, cx, &withdraw));
    runtime
        .block_on(futures::future::join_all(tasks))
        .iter()
        .sum()
}

/// One task's withdrawals through `executor`; returns what it was paid.
async fn withdrawals<R: Runtime>(
    executor: &Executor<'_, R>,
    bank: &Bank<R>,
    cx: &Ctx,
    withdraw: &impl AsyncFn(&Executor<'_, R>, &CoopCell, i64, &Ctx) -> bool,
) -> i64 {
    let mut wallet = 0;
    for _ in 0..cx.iters() {
        if withdraw(executor, &bank.balance, bank.amount, cx).await {
            wallet += bank.amount;
        }
    }
    wallet
}

impl Lab for AsyncBankLab {
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

    fn observe<R: Runtime>(&self, bank: &Bank<R>, wallets: &[i64]) -> State {
        State::from([
            ("balance".to_string(), bank.balance.peek()),
            ("paid".to_string(), wallets.iter().sum()),
        ])
    }

    /// Under a checker every task runs the same withdrawals (only real threads give them all to
    /// the first thread's runtime), and `observe` adds their wallets up.
    fn symmetric(&self, _variant: usize) -> bool {
        true
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        BankLab.violations(params, state)
    }
}
