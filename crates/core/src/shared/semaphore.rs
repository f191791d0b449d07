//! A named counting semaphore: `acquire` takes a permit (waiting while there is none), `release`
//! always adds one. A weak semaphore gives a freed permit to any waiter; a FIFO one to the
//! waiter that came first.

use super::{checked, Ctx};
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, SyncOp};
use crate::explore::dpor::sync::{Effect, Kind};
use crate::runtime::built::BuiltSemaphore;
use crate::runtime::{AtomicCell, Runtime};
use crate::trace::Action;
use std::panic::Location;

/// A named counting semaphore; its acquires and releases are recorded as steps.
#[derive(Debug)]
pub struct Semaphore<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: Obj,
    semaphore: BuiltSemaphore<R>,
    /// The scheduling point of its steps under racelab's SC checker.
    gate: R::Atomic,
}

impl<R: Runtime> Semaphore<R> {
    /// A weak semaphore called `name` holding `permits`: a freed permit may go to any waiting
    /// thread, or to one that has not waited at all.
    pub fn new(name: &'static str, permits: i64) -> Self {
        Self::with(name, permits, false)
    }

    /// A strong (FIFO) semaphore called `name` holding `permits`: waiting threads take freed
    /// permits in the order they came.
    pub fn fifo(name: &'static str, permits: i64) -> Self {
        Self::with(name, permits, true)
    }

    fn with(name: &'static str, permits: i64, fifo: bool) -> Self {
        Semaphore {
            name,
            id: board::register_sync(name, Kind::Semaphore { permits, fifo }),
            semaphore: BuiltSemaphore::new(permits, fifo),
            gate: R::Atomic::new(0),
        }
    }

    /// Waits for a permit and takes it.
    #[track_caller]
    pub fn acquire(&self, cx: &Ctx) {
        let at = Location::caller();
        if !checked::checking(cx) {
            cx.waiting(|| self.semaphore.acquire());
            cx.record_note(Action::Acquire, self.name, None, String::new(), at);
            return;
        }
        let (effect, queued) = checked::step(cx, &self.gate, self.id, SyncOp::Acquire, 0, at);
        let Effect::Permits { before, after, .. } = effect else {
            return;
        };
        if queued {
            let note = format!(": {before} permits, waits");
            cx.record_note(Action::Acquire, self.name, None, note, at);
            checked::step(cx, &self.gate, self.id, SyncOp::Granted, 0, at);
            let note = " (its turn: a release handed it the permit)".to_string();
            cx.record_note(Action::Acquire, self.name, None, note, at);
        } else {
            let note = format!(" ({before} -> {after})");
            cx.record_note(Action::Acquire, self.name, None, note, at);
        }
    }

    /// Takes a permit if one is free (and, FIFO, nobody waits for one); never waits.
    #[track_caller]
    pub fn try_acquire(&self, cx: &Ctx) -> bool {
        let at = Location::caller();
        let took = if checked::checking(cx) {
            let (effect, _) = checked::step(cx, &self.gate, self.id, SyncOp::TryAcquire, 0, at);
            effect == Effect::Took(true)
        } else {
            self.semaphore.try_acquire()
        };
        let note = if took { " -> true" } else { " -> false" };
        cx.record_note(Action::TryAcquire, self.name, None, note.into(), at);
        took
    }

    /// Adds a permit (always, even one never acquired), waking a waiter.
    #[track_caller]
    pub fn release(&self, cx: &Ctx) {
        let at = Location::caller();
        if !checked::checking(cx) {
            cx.record_note(Action::Release, self.name, None, String::new(), at);
            self.semaphore.release();
            return;
        }
        let (effect, _) = checked::step(cx, &self.gate, self.id, SyncOp::Release, 0, at);
        let note = match effect {
            Effect::Permits { to: Some(t), .. } => format!(" (hands the permit to t{t})"),
            Effect::Permits { before, after, .. } => format!(" ({before} -> {after})"),
            _ => String::new(),
        };
        cx.record_note(Action::Release, self.name, None, note, at);
    }
}
