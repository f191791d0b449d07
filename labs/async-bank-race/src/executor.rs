//! Where a task can be suspended, and the lock it may hold across a suspension: once for the
//! model checkers (tasks as model threads, switching only at await points) and once for tokio.

use crate::Bank;
use racelab_core::{Ctx, LockGuard, Runtime};
use std::future::Future;

/// What the variants need from an executor.
pub trait Executor {
    /// What holds the account's async mutex.
    type Guard<'a>
    where
        Self: 'a;
    /// An await point: another task may run here.
    #[track_caller]
    fn pause<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = ()> + 'a;
    /// Takes the account's async mutex; it may be held across awaits.
    fn lock<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = Self::Guard<'a>> + 'a;
}

/// Tasks as model threads under loom or shuttle: an await is a point where the checker may
/// switch tasks, and nothing else is.
#[derive(Debug)]
pub struct Model<'s, R: Runtime>(pub &'s Bank<R>);

impl<'s, R: Runtime> Executor for Model<'s, R> {
    type Guard<'a>
        = LockGuard<'a, R>
    where
        Self: 'a;

    #[track_caller]
    fn pause<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = ()> + 'a {
        self.0.awaits.await_point(cx);
        std::future::ready(())
    }

    fn lock<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = LockGuard<'a, R>> + 'a {
        std::future::ready(self.0.lock.lock(cx))
    }
}

/// Tasks on a current-thread tokio runtime: one OS thread, no parallelism at all.
#[derive(Debug)]
pub struct Tokio<'s, R: Runtime>(pub &'s Bank<R>);

impl<'s, R: Runtime> Executor for Tokio<'s, R> {
    type Guard<'a>
        = tokio::sync::MutexGuard<'a, ()>
    where
        Self: 'a;

    #[track_caller]
    fn pause<'a>(&'a self, cx: &'a Ctx) -> impl Future<Output = ()> + 'a {
        racelab_core::coop::record_await(cx);
        tokio::task::yield_now()
    }

    fn lock<'a>(
        &'a self,
        _cx: &'a Ctx,
    ) -> impl Future<Output = tokio::sync::MutexGuard<'a, ()>> + 'a {
        self.0.async_lock.lock()
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
