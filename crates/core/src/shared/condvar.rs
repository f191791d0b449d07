//! A named condition variable, shaped like std's: `wait` releases the lock, waits for a notify
//! and takes the lock again. Under racelab's SC checker every choice it leaves open is explored:
//! which waiter a `notify_one` wakes, and a wait that ends without a notify (spurious).

use super::{checked, Ctx, LockGuard};
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, SyncOp};
use crate::explore::dpor::sync::{Effect, Kind, Woken};
use crate::runtime::{AtomicCell, RawCondvar, Runtime};
use crate::trace::Action;
use std::panic::Location;

/// A named condition variable; its waits and notifies are recorded as steps.
#[derive(Debug)]
pub struct Condvar<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: Obj,
    cv: R::Condvar,
    /// The scheduling point of its steps under racelab's SC checker.
    gate: R::Atomic,
}

impl<R: Runtime> Condvar<R> {
    /// A condition variable called `name` that nobody waits on.
    pub fn new(name: &'static str) -> Self {
        Condvar {
            name,
            id: board::register_sync(name, Kind::Condvar),
            cv: R::Condvar::new(),
            gate: R::Atomic::new(0),
        }
    }

    /// Releases `guard`'s lock, waits until notified, and takes the lock again. As std allows,
    /// it may also return without a notify (a spurious wakeup), so check the condition in a
    /// loop (or use [`Condvar::wait_while`]).
    #[track_caller]
    pub fn wait<'a>(&self, cx: &'a Ctx, mut guard: LockGuard<'a, R>) -> LockGuard<'a, R> {
        let at = Location::caller();
        let releases = format!(" (releases {})", guard.lock_name());
        if guard.checked() {
            checked::step(cx, &self.gate, self.id, SyncOp::Wait, 0, at);
            cx.record_note(Action::Wait, self.name, None, releases, at);
            guard.release_for_wait(at);
            let (effect, _) = checked::step(cx, &self.gate, self.id, SyncOp::Wake, 0, at);
            let note = match effect {
                Effect::Woken(Woken::Notify { step }) => {
                    cx.amend(step, format!(" -> wakes t{}", cx.id()));
                    " (notified)"
                }
                Effect::Woken(Woken::All) => " (notify_all)",
                _ => " without a notify (spurious)",
            };
            cx.record_note(Action::Wake, self.name, None, note.into(), at);
            guard.retake(at);
        } else {
            cx.record_note(Action::Wait, self.name, None, releases, at);
            cx.waiting(|| guard.wait_on(&self.cv));
            cx.record_note(Action::Wake, self.name, None, String::new(), at);
            cx.record(Action::Lock, guard.lock_name(), None, false, at);
        }
        guard
    }

    /// Waits while `condition` holds, as std's `wait_while`: checks it with the lock held, and
    /// after every wakeup.
    #[track_caller]
    pub fn wait_while<'a>(
        &self,
        cx: &'a Ctx,
        mut guard: LockGuard<'a, R>,
        mut condition: impl FnMut() -> bool,
    ) -> LockGuard<'a, R> {
        while condition() {
            guard = self.wait(cx, guard);
        }
        guard
    }

    /// Wakes one thread waiting on it, if any (under racelab's SC checker, each of them in turn).
    #[track_caller]
    pub fn notify_one(&self, cx: &Ctx) {
        self.notify(cx, SyncOp::NotifyOne, Action::NotifyOne, Location::caller());
    }

    /// Wakes every thread waiting on it.
    #[track_caller]
    pub fn notify_all(&self, cx: &Ctx) {
        self.notify(cx, SyncOp::NotifyAll, Action::NotifyAll, Location::caller());
    }

    fn notify(&self, cx: &Ctx, op: SyncOp, action: Action, at: &'static Location<'static>) {
        if checked::checking(cx) {
            let (effect, _) = checked::step(cx, &self.gate, self.id, op, 0, at);
            let note = match effect {
                Effect::Notified { waiting } if waiting.is_empty() => {
                    ": nobody waits (lost)".to_string()
                }
                Effect::Notified { waiting } => {
                    let who: Vec<String> = waiting.iter().map(|t| format!("t{t}")).collect();
                    format!(" ({} waiting)", who.join(", "))
                }
                _ => String::new(),
            };
            cx.record_note(action, self.name, None, note, at);
            return;
        }
        cx.record_note(action, self.name, None, String::new(), at);
        match op {
            SyncOp::NotifyAll => self.cv.notify_all(),
            _ => self.cv.notify_one(),
        }
    }
}
