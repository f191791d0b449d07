//! Cooperative tasks: what tasks on one OS thread share, and the await points where they switch.
//!
//! Tasks on a single-threaded executor switch only where one of them awaits. Under loom and
//! shuttle such tasks run as model threads: a [`CoopCell`] is a plain std atomic, so touching it
//! is *not* a scheduling point, while [`AwaitPoints::await_point`] touches a model atomic that
//! every task shares, so the checkers switch tasks exactly where an executor can, and explore
//! every order of the awaits.

use crate::explore::dpor::{board, event::Op};
use crate::runtime::{AtomicCell, Runtime};
use crate::trace::Action;
use crate::Ctx;
use std::panic::Location;
use std::sync::atomic::{AtomicI64, Ordering};

/// A named integer that only one task touches at a time (no scheduling point); recorded.
#[derive(Debug)]
pub struct CoopCell {
    name: &'static str,
    value: AtomicI64,
    /// Its number on the SC checker's board, which shows it in `racelab play`.
    id: crate::explore::dpor::event::Obj,
}

impl CoopCell {
    /// A cell called `name` holding `value`.
    pub fn new(name: &'static str, value: i64) -> Self {
        CoopCell {
            name,
            value: AtomicI64::new(value),
            id: board::register(name, Some(value)),
        }
    }

    /// Reads the cell.
    #[track_caller]
    pub fn load(&self, cx: &Ctx) -> i64 {
        let value = self.value.load(Ordering::SeqCst);
        if cx.is_recording() {
            board::touched_coop();
        }
        cx.record(
            Action::Load,
            self.name,
            Some(value),
            false,
            Location::caller(),
        );
        value
    }

    /// Writes the cell.
    #[track_caller]
    pub fn store(&self, cx: &Ctx, value: i64) {
        self.value.store(value, Ordering::SeqCst);
        if cx.is_recording() {
            board::touched_coop();
            board::wrote(self.id, value);
        }
        cx.record(
            Action::Store,
            self.name,
            Some(value),
            false,
            Location::caller(),
        );
    }

    /// Reads the cell without recording: for the final observation.
    pub fn peek(&self) -> i64 {
        self.value.load(Ordering::SeqCst)
    }
}

/// The await points of one execution's tasks, under a model checker.
#[derive(Debug)]
pub struct AwaitPoints<R: Runtime> {
    turns: R::Atomic,
}

impl<R: Runtime> Default for AwaitPoints<R> {
    fn default() -> Self {
        AwaitPoints {
            turns: R::Atomic::new(0),
        }
    }
}

impl<R: Runtime> AwaitPoints<R> {
    /// An await: records it, and lets the checker run any other task here.
    #[track_caller]
    pub fn await_point(&self, cx: &Ctx) {
        cx.record(Action::Await, "await", None, false, Location::caller());
        if cx.is_recording() {
            board::announce(Op::Await, Some(Location::caller()));
        }
        self.turns.fetch_add(1);
    }
}

/// Records an await on a real executor (where the executor itself decides who runs next).
#[track_caller]
pub fn record_await(cx: &Ctx) {
    cx.record(Action::Await, "await", None, false, Location::caller());
}
