//! Where a task can be suspended, and the lock it may hold across a suspension: once for the
//! model checkers (tasks as model threads, switching only at await points) and once for tokio.

use crate::Bank;
use futures::future::Either;
use racelab_core::{Ctx, LockGuard, Runtime};
use std::future::{ready, Future};

/// What runs the tasks.
#[derive(Debug)]
pub enum Executor<'s, R: Runtime> {
    /// Tasks as model threads under a checker: an await is a point where the checker may switch
    /// tasks, and nothing else is.
    Model(&'s Bank<R>),
    /// Tasks on a current-thread tokio runtime: one OS thread, no parallelism at all.
    Tokio(&'s Bank<R>),
}

/// What holds the account's async mutex.
#[derive(Debug)]
pub enum Guard<'a, R: Runtime> {
    /// The checker's lock.
    Model(LockGuard<'a, R>),
    /// tokio's async mutex.
    Tokio(tokio::sync::MutexGuard<'a, ()>),
}

impl<'s, R: Runtime> Executor<'s, R> {
    /// An await point: another task may run here.
    #[track_caller]
    pub fn pause<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = ()> + 'a {
        match self {
            Executor::Model(bank) => {
                bank.awaits.await_point(cx);
                Either::Left(ready(()))
            }
            Executor::Tokio(_) => {
                racelab_core::coop::record_await(cx);
                Either::Right(tokio::task::yield_now())
            }
        }
    }

    /// Takes the account's async mutex; it may be held across awaits.
    #[track_caller]
    pub fn lock<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = Guard<'a, R>> + 'a {
        match self {
            Executor::Model(bank) => Either::Left(ready(Guard::Model(bank.lock.lock(cx)))),
            Executor::Tokio(bank) => {
                Either::Right(async move { Guard::Tokio(bank.async_lock.lock().await) })
            }
        }
    }
}

/// Runs a future that never waits (a model task: its awaits are scheduling points, not
/// suspensions) to completion on this thread.
pub fn run_ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return value;
        }
    }
}
