//! A named shared integer whose every access is recorded as a step, and announced to racelab's
//! SC checker when it runs.

use super::Ctx;
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, Op};
use crate::runtime::{AtomicCell, Runtime};
use crate::trace::Action;
use std::panic::Location;
use std::sync::atomic::{AtomicI64, Ordering};

/// A named shared integer whose every access is recorded as a step.
#[derive(Debug)]
pub struct Cell<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker (creation order within an execution).
    id: Obj,
    atomic: R::Atomic,
    /// The latest value written, in execution order: a load that returns something else read a
    /// stale value. A std atomic, so it adds no scheduling point.
    latest: AtomicI64,
}

impl<R: Runtime> Cell<R> {
    /// A cell called `name` holding `value`.
    pub fn new(name: &'static str, value: i64) -> Self {
        Cell {
            name,
            id: board::register(name, Some(value)),
            atomic: R::Atomic::new(value),
            latest: AtomicI64::new(value),
        }
    }

    /// Reads the cell (`SeqCst`).
    #[track_caller]
    pub fn load(&self, cx: &Ctx) -> i64 {
        self.load_with(cx, Ordering::SeqCst)
    }

    /// Reads the cell with `ordering` (`Relaxed`, `Acquire` or `SeqCst`).
    #[track_caller]
    pub fn load_with(&self, cx: &Ctx, ordering: Ordering) -> i64 {
        self.announce(cx, Op::Read(self.id), "load");
        let value = self.atomic.load(ordering);
        if cx.is_recording() {
            board::read(value);
        }
        let stale = cx.is_recording() && value != self.latest.load(Ordering::Relaxed);
        let at = Location::caller();
        cx.record_ordered(Action::Load, self.name, Some(value), stale, ordering, at);
        value
    }

    /// Writes the cell (`SeqCst`).
    #[track_caller]
    pub fn store(&self, cx: &Ctx, value: i64) {
        self.store_with(cx, value, Ordering::SeqCst);
    }

    /// Writes the cell with `ordering` (`Relaxed`, `Release` or `SeqCst`).
    #[track_caller]
    pub fn store_with(&self, cx: &Ctx, value: i64, ordering: Ordering) {
        self.announce(cx, Op::Write(self.id), "store");
        self.atomic.store(value, ordering);
        self.note_write(cx, value);
        let at = Location::caller();
        cx.record_ordered(Action::Store, self.name, Some(value), false, ordering, at);
    }

    /// Adds `delta` in one indivisible step; returns the value before.
    #[track_caller]
    pub fn fetch_add(&self, cx: &Ctx, delta: i64) -> i64 {
        self.announce(cx, Op::Write(self.id), "fetch_add");
        let before = self.atomic.fetch_add(delta);
        self.note_write(cx, before + delta);
        cx.record(
            Action::FetchAdd,
            self.name,
            Some(before + delta),
            false,
            Location::caller(),
        );
        before
    }

    /// Adds `delta` in one indivisible step, and returns nothing: no thread reads the value
    /// before. Two such additions to a cell commute (the sum is the same in either order), so
    /// racelab's SC checker explores one order of them, where it explores every order of two
    /// `fetch_add`s (whose results the threads may read).
    #[track_caller]
    pub fn add(&self, cx: &Ctx, delta: i64) {
        self.announce(cx, Op::Add(self.id), "add");
        let before = self.atomic.fetch_add(delta);
        self.note_write(cx, before + delta);
        let at = Location::caller();
        cx.record(Action::Add, self.name, Some(before + delta), false, at);
    }

    /// Writes `new` only if the cell still holds `current`; returns the value seen.
    #[track_caller]
    pub fn compare_exchange(&self, cx: &Ctx, current: i64, new: i64) -> Result<i64, i64> {
        self.announce(cx, Op::Write(self.id), "compare_exchange");
        let result = self.atomic.compare_exchange(current, new);
        let at = Location::caller();
        match result {
            Ok(_) => {
                self.note_write(cx, new);
                cx.record(Action::Cas, self.name, Some(new), false, at);
            }
            Err(seen) => {
                if cx.is_recording() {
                    board::failed(seen);
                }
                cx.record(Action::CasFailed, self.name, Some(seen), false, at)
            }
        }
        result
    }

    fn note_write(&self, cx: &Ctx, value: i64) {
        if cx.is_recording() {
            self.latest.store(value, Ordering::Relaxed);
            board::wrote(self.id, value);
        }
    }

    /// Tells racelab's SC checker (when it runs) what this thread does next.
    #[track_caller]
    fn announce(&self, cx: &Ctx, op: Op, word: &'static str) {
        if cx.is_recording() {
            board::announce_as(op, word, Some(Location::caller()));
        }
    }

    /// Reads the cell without recording a step: for the final observation after every thread
    /// has been joined.
    pub fn peek(&self) -> i64 {
        self.atomic.load(Ordering::SeqCst)
    }
}
