//! A named lock whose taking and releasing are recorded as steps; under racelab's SC checker the
//! checker decides who holds it.

use super::{checked, Ctx};
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, Op, SyncOp};
use crate::explore::dpor::sync::{Effect, Kind};
use crate::runtime::{AtomicCell, RawCondvar, RawMutex, Runtime};
use crate::trace::Action;
use crate::waits::Deadlock;
use std::panic::Location;

/// A named lock; taking and releasing it are recorded as steps.
#[derive(Debug)]
pub struct Lock<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: Obj,
    mutex: R::Mutex,
    /// Under racelab's SC checker the lock is the checker's: it runs a thread's `lock` only
    /// when the lock is free, so the backend's mutex is not used, and touching this cell is the
    /// scheduling point (a backend blocks on a held mutex without one, and would call a deadlock
    /// its own failure).
    gate: R::Atomic,
}

/// Holds a [`Lock`] until dropped.
pub struct LockGuard<'a, R: Runtime> {
    cx: &'a Ctx,
    name: &'static str,
    at: &'static Location<'static>,
    guard: Option<<R::Mutex as RawMutex>::Guard<'a>>,
    /// The lock's id in the wait-for graph, when it was taken by `lock_or_deadlock`.
    tracked: Option<usize>,
    /// The lock's number for racelab's SC checker.
    id: Obj,
    /// The lock's scheduling point, when racelab's SC checker holds the lock (no mutex then).
    gate: Option<&'a R::Atomic>,
}

impl<R: Runtime> Lock<R> {
    /// An unlocked lock called `name`.
    pub fn new(name: &'static str) -> Self {
        Lock {
            name,
            id: board::register_sync(name, Kind::Lock),
            mutex: R::Mutex::new(),
            gate: R::Atomic::new(0),
        }
    }

    /// Waits until the lock is free and takes it; it is released when the guard is dropped.
    #[track_caller]
    pub fn lock<'a>(&'a self, cx: &'a Ctx) -> LockGuard<'a, R> {
        let at = Location::caller();
        let checked = checked::checking(cx);
        let guard = if checked {
            checked::run(cx, &self.gate, Op::Lock(self.id), 0, at);
            None
        } else {
            Some(cx.waiting(|| self.mutex.lock()))
        };
        cx.record(Action::Lock, self.name, None, false, at);
        self.held(cx, at, guard, None)
    }

    /// The guard of this lock, just taken: with the backend's guard, or none when racelab's SC
    /// checker holds it; `tracked` when the wait-for graph knows it.
    fn held<'a>(
        &'a self,
        cx: &'a Ctx,
        at: &'static Location<'static>,
        guard: Option<<R::Mutex as RawMutex>::Guard<'a>>,
        tracked: Option<usize>,
    ) -> LockGuard<'a, R> {
        LockGuard {
            cx,
            name: self.name,
            at,
            gate: guard.is_none().then_some(&self.gate),
            guard,
            tracked,
            id: self.id,
        }
    }

    /// Takes the lock if it is free, without waiting; `None` if another thread (or this one)
    /// holds it.
    #[track_caller]
    pub fn try_lock<'a>(&'a self, cx: &'a Ctx) -> Option<LockGuard<'a, R>> {
        let at = Location::caller();
        let checked = checked::checking(cx);
        let (took, guard) = if checked {
            let (effect, _) = checked::step(cx, &self.gate, self.id, SyncOp::TryLock, 0, at);
            let took = effect == Effect::Took(true);
            if took {
                board::took();
            }
            (took, None)
        } else {
            let guard = self.mutex.try_lock();
            (guard.is_some(), guard)
        };
        let note = if took {
            " (takes it)"
        } else {
            " fails: it is held"
        };
        cx.record_note(Action::TryLock, self.name, None, note.into(), at);
        // Built only when taken: a guard's drop releases the lock.
        took.then(|| self.held(cx, at, guard, None))
    }

    /// Like [`Lock::lock`], but never waits forever: when the holder waits (directly or through
    /// other threads) for a lock this thread holds, it records a `deadlock` step and returns
    /// `Err` instead of blocking. (The harness gives every execution's contexts one shared
    /// wait-for graph; a context made by hand with [`Ctx::new`] has none, and just waits.) The caller gives up and releases what it holds, so the
    /// execution ends and the deadlock is reported as its outcome.
    #[track_caller]
    pub fn lock_or_deadlock<'a>(&'a self, cx: &'a Ctx) -> Result<LockGuard<'a, R>, Deadlock> {
        let at = Location::caller();
        if board::active() {
            // racelab's SC checker ends an execution where every thread waits, and shows that
            // as the deadlock: nobody gives up.
            return Ok(self.lock(cx));
        }
        let id = std::ptr::from_ref(self) as usize;
        let waits = cx.waits();
        let give_up = |deadlock: Deadlock| {
            let holder = Some(deadlock.holder as i64);
            cx.record(Action::Deadlock, self.name, holder, false, at);
            Err(deadlock)
        };
        if let Some(Err(deadlock)) = waits.map(|w| w.wait(cx.id(), id)) {
            return give_up(deadlock);
        }
        let guard = self.mutex.lock();
        if let Some(Err(deadlock)) = waits.map(|w| w.acquired(cx.id(), id)) {
            // Caught in a deadlock another thread found: give the lock back and give up, as
            // that thread did.
            drop(guard);
            return give_up(deadlock);
        }
        cx.record(Action::Lock, self.name, None, false, at);
        Ok(self.held(cx, at, Some(guard), Some(id)))
    }
}

impl<'a, R: Runtime> LockGuard<'a, R> {
    /// The lock's name.
    pub(super) fn lock_name(&self) -> &'static str {
        self.name
    }

    /// Whether racelab's SC checker holds the lock for this guard.
    pub(super) fn checked(&self) -> bool {
        self.gate.is_some()
    }

    /// Under racelab's SC checker: releases the lock for a condition variable's wait, as a
    /// step of its own that the wait's step already shows.
    pub(super) fn release_for_wait(&self, at: &'static Location<'static>) {
        if let Some(gate) = self.gate {
            let op = Op::Unlock(self.id);
            checked::run_as(self.cx, gate, op, "wait releases", 0, at);
        }
    }

    /// Under racelab's SC checker: takes the lock again after a condition variable's wait.
    pub(super) fn retake(&mut self, at: &'static Location<'static>) {
        if let Some(gate) = self.gate {
            checked::run(self.cx, gate, Op::Lock(self.id), 0, at);
            self.cx.record(Action::Lock, self.name, None, false, at);
        }
    }

    /// Off the checker: waits on `cv` with the backend's mutex (released while waiting, taken
    /// again before it returns).
    pub(super) fn wait_on(&mut self, cv: &R::Condvar)
    where
        R::Condvar: RawCondvar<R::Mutex>,
    {
        let waits = self.tracked.and_then(|id| self.cx.waits().map(|w| (w, id)));
        if let Some((waits, id)) = waits {
            waits.released(id);
        }
        if let Some(guard) = self.guard.take() {
            self.guard = Some(cv.wait(guard));
        }
        if let Some((waits, id)) = waits {
            // Taken again: nobody else holds it now.
            let _ = waits.acquired(self.cx.id(), id);
        }
    }
}

impl<R: Runtime> Drop for LockGuard<'_, R> {
    fn drop(&mut self) {
        // Under racelab's SC checker the release is a step of its own, recorded once this
        // thread takes it. Elsewhere, record first: the release is a scheduling point, after
        // which another thread may run.
        if let Some(gate) = self.gate {
            checked::run(self.cx, gate, Op::Unlock(self.id), 0, self.at);
            self.cx
                .record(Action::Unlock, self.name, None, false, self.at);
        } else {
            self.cx
                .record(Action::Unlock, self.name, None, false, self.at);
        }
        if let Some(id) = self.tracked {
            if let Some(waits) = self.cx.waits() {
                waits.released(id);
            }
        }
        drop(self.guard.take());
    }
}

impl<R: Runtime> std::fmt::Debug for LockGuard<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LockGuard({})", self.name)
    }
}
