//! A named read-write lock, shaped like std's: many readers at once, or one writer.

use super::{checked, Ctx};
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, SyncOp};
use crate::explore::dpor::sync::Kind;
use crate::runtime::{AtomicCell, RawRwLock, Runtime};
use crate::trace::Action;
use std::panic::Location;

/// A named read-write lock; taking and releasing it are recorded as steps.
#[derive(Debug)]
pub struct RwLock<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: Obj,
    lock: R::RwLock,
    /// The scheduling point of its steps under racelab's SC checker.
    gate: R::Atomic,
}

/// Holds an [`RwLock`] to read until dropped.
pub struct RwLockReadGuard<'a, R: Runtime> {
    held: Held<'a, R>,
    _guard: Option<<R::RwLock as RawRwLock>::ReadGuard<'a>>,
}

/// Holds an [`RwLock`] to write until dropped.
pub struct RwLockWriteGuard<'a, R: Runtime> {
    held: Held<'a, R>,
    _guard: Option<<R::RwLock as RawRwLock>::WriteGuard<'a>>,
}

/// What a guard needs to record its release (and, under the checker, to run it).
struct Held<'a, R: Runtime> {
    cx: &'a Ctx,
    lock: &'a RwLock<R>,
    at: &'static Location<'static>,
    checked: bool,
    release: (SyncOp, Action),
}

impl<R: Runtime> RwLock<R> {
    /// An unlocked read-write lock called `name`.
    pub fn new(name: &'static str) -> Self {
        RwLock {
            name,
            id: board::register_sync(name, Kind::RwLock),
            lock: R::RwLock::new(),
            gate: R::Atomic::new(0),
        }
    }

    /// Waits until no writer holds it, then takes it to read (with any other readers).
    #[track_caller]
    pub fn read<'a>(&'a self, cx: &'a Ctx) -> RwLockReadGuard<'a, R> {
        let at = Location::caller();
        let checked = checked::checking(cx);
        let guard = if checked {
            checked::step(cx, &self.gate, self.id, SyncOp::Read, 0, at);
            None
        } else {
            Some(cx.waiting(|| self.lock.read()))
        };
        cx.record_note(Action::ReadLock, self.name, None, String::new(), at);
        RwLockReadGuard {
            held: self.held(cx, at, checked, (SyncOp::ReadUnlock, Action::ReadUnlock)),
            _guard: guard,
        }
    }

    /// Waits until nobody holds it, then takes it to write.
    #[track_caller]
    pub fn write<'a>(&'a self, cx: &'a Ctx) -> RwLockWriteGuard<'a, R> {
        let at = Location::caller();
        let checked = checked::checking(cx);
        let guard = if checked {
            checked::step(cx, &self.gate, self.id, SyncOp::Write, 0, at);
            None
        } else {
            Some(cx.waiting(|| self.lock.write()))
        };
        cx.record_note(Action::WriteLock, self.name, None, String::new(), at);
        RwLockWriteGuard {
            held: self.held(cx, at, checked, (SyncOp::WriteUnlock, Action::WriteUnlock)),
            _guard: guard,
        }
    }

    fn held<'a>(
        &'a self,
        cx: &'a Ctx,
        at: &'static Location<'static>,
        checked: bool,
        release: (SyncOp, Action),
    ) -> Held<'a, R> {
        Held {
            cx,
            lock: self,
            at,
            checked,
            release,
        }
    }
}

impl<R: Runtime> Drop for Held<'_, R> {
    fn drop(&mut self) {
        // Recorded before the backend's guard (a field dropped after this one) lets go.
        let (op, action) = self.release;
        let lock = self.lock;
        if self.checked {
            checked::step(self.cx, &lock.gate, lock.id, op, 0, self.at);
        }
        (self.cx).record_note(action, lock.name, None, String::new(), self.at);
    }
}

impl<R: Runtime> std::fmt::Debug for RwLockReadGuard<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RwLockReadGuard({})", self.held.lock.name)
    }
}

impl<R: Runtime> std::fmt::Debug for RwLockWriteGuard<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RwLockWriteGuard({})", self.held.lock.name)
    }
}
