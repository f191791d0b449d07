//! Recorded shared state: the cells and locks a lab's threads share, and each thread's context.

use crate::explore::dpor::board;
use crate::explore::dpor::event::Op;
use crate::runtime::{AtomicCell, RawMutex, Runtime};
use crate::trace::{Action, Recorder, Step};
use crate::waits::{Deadlock, WaitGraph};
use crate::Window;
use std::panic::Location;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// The race window opens on one call in this many (the first included): often enough that a
/// preemption or the other core lands in one within a trial, rarely enough that a long trial is
/// not all window (a yield on every one of 100,000 increments took 220 ms per trial on one core; one in 64 of
/// 20,000 takes about 2 ms, and still loses updates in every trial: see BENCHMARKS.md).
pub const WINDOW_EVERY: u64 = 64;

/// Whether call `call` (from 0) of `race_window` opens the window: the first, then every 64th.
fn opens(call: u64) -> bool {
    call.is_multiple_of(WINDOW_EVERY)
}

/// What a lab thread knows about itself: its number, its work, and where its steps go.
#[derive(Debug)]
pub struct Ctx {
    thread: usize,
    iters: u64,
    window: Window,
    recorder: Option<Recorder>,
    window_calls: AtomicU64,
    waits: Option<WaitGraph>,
    threads: usize,
}

impl Clone for Ctx {
    fn clone(&self) -> Self {
        Ctx::new(self.thread, self.iters, self.window, self.recorder.clone())
            .with_waits_of(self)
            .with_threads(self.threads)
    }
}

impl Ctx {
    /// A context for lab thread `thread` (from 1) doing `iters` iterations.
    pub fn new(thread: usize, iters: u64, window: Window, recorder: Option<Recorder>) -> Self {
        Ctx {
            thread,
            iters,
            window,
            recorder,
            window_calls: AtomicU64::new(0),
            waits: None,
            threads: thread,
        }
    }

    /// The same context, told how many lab threads run in this execution.
    pub(crate) fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// How many lab threads run in this execution (a pool lab's workers).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The same context, sharing `waits` (one per execution) with the other threads.
    pub(crate) fn with_waits(mut self, waits: WaitGraph) -> Self {
        self.waits = Some(waits);
        self
    }

    fn with_waits_of(mut self, other: &Ctx) -> Self {
        self.waits = other.waits.clone();
        self
    }

    /// This thread's number, from 1.
    pub fn thread(&self) -> usize {
        self.thread
    }

    /// How many iterations (increments, withdrawals, ...) this thread performs.
    pub fn iters(&self) -> u64 {
        self.iters
    }

    /// Widens the gap between a check (or load) and the act that depends on it, on the first
    /// call and then one in [`WINDOW_EVERY`]. Real threads only: under a model checker every
    /// gap is already explored, so this does nothing.
    pub fn race_window(&self) {
        if self.window == Window::None || !opens(self.window_calls.fetch_add(1, Ordering::Relaxed))
        {
            return;
        }
        self.window.open();
    }

    pub(crate) fn is_recording(&self) -> bool {
        self.recorder.is_some()
    }

    pub(crate) fn record(
        &self,
        action: Action,
        target: &'static str,
        value: Option<i64>,
        stale: bool,
        at: &'static Location<'static>,
    ) {
        if let Some(recorder) = &self.recorder {
            recorder.push(Step {
                thread: self.thread,
                action,
                target: target.into(),
                value,
                stale,
                file: at.file().into(),
                line: at.line(),
            });
        }
    }
}

/// A named shared integer whose every access is recorded as a step.
#[derive(Debug)]
pub struct Cell<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker (creation order within an execution).
    id: usize,
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

    /// Reads the cell.
    #[track_caller]
    pub fn load(&self, cx: &Ctx) -> i64 {
        self.announce(cx, Op::Read(self.id));
        let value = self.atomic.load();
        if cx.is_recording() {
            board::read(value);
        }
        let stale = cx.is_recording() && value != self.latest.load(Ordering::Relaxed);
        cx.record(
            Action::Load,
            self.name,
            Some(value),
            stale,
            Location::caller(),
        );
        value
    }

    /// Writes the cell.
    #[track_caller]
    pub fn store(&self, cx: &Ctx, value: i64) {
        self.announce(cx, Op::Write(self.id));
        self.atomic.store(value);
        self.note_write(cx, value);
        cx.record(
            Action::Store,
            self.name,
            Some(value),
            false,
            Location::caller(),
        );
    }

    /// Adds `delta` in one indivisible step; returns the value before.
    #[track_caller]
    pub fn fetch_add(&self, cx: &Ctx, delta: i64) -> i64 {
        self.announce(cx, Op::Write(self.id));
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

    /// Writes `new` only if the cell still holds `current`; returns the value seen.
    #[track_caller]
    pub fn compare_exchange(&self, cx: &Ctx, current: i64, new: i64) -> Result<i64, i64> {
        self.announce(cx, Op::Write(self.id));
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
    fn announce(&self, cx: &Ctx, op: Op) {
        if cx.is_recording() {
            board::announce(op, Some(Location::caller()));
        }
    }

    /// Reads the cell without recording a step: for the final observation after every thread
    /// has been joined.
    pub fn peek(&self) -> i64 {
        self.atomic.load()
    }
}

/// A named lock; taking and releasing it are recorded as steps.
#[derive(Debug)]
pub struct Lock<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: usize,
    mutex: R::Mutex,
    /// Under racelab's SC checker the lock is the checker's: it runs a thread's `lock` only
    /// when the lock is free, so shuttle's mutex is not used, and touching this cell is the
    /// scheduling point (shuttle blocks on a held mutex without one, and would call a deadlock
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
    id: usize,
    /// The lock's scheduling point, when racelab's SC checker holds the lock (no mutex then).
    gate: Option<&'a R::Atomic>,
}

impl<R: Runtime> Lock<R> {
    /// An unlocked lock called `name`.
    pub fn new(name: &'static str) -> Self {
        Lock {
            name,
            id: board::register(name, None),
            mutex: R::Mutex::new(),
            gate: R::Atomic::new(0),
        }
    }

    /// Waits until the lock is free and takes it; it is released when the guard is dropped.
    #[track_caller]
    pub fn lock<'a>(&'a self, cx: &'a Ctx) -> LockGuard<'a, R> {
        let at = Location::caller();
        let checked = cx.is_recording() && board::active();
        let guard = if checked {
            board::announce(Op::Lock(self.id), Some(at));
            self.gate.load();
            None
        } else {
            Some(self.mutex.lock())
        };
        cx.record(Action::Lock, self.name, None, false, at);
        LockGuard {
            cx,
            name: self.name,
            at,
            guard,
            tracked: None,
            id: self.id,
            gate: checked.then_some(&self.gate),
        }
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
        let waits = cx.waits.as_ref();
        if let Some(Err(deadlock)) = waits.map(|w| w.wait(cx.thread, id)) {
            cx.record(
                Action::Deadlock,
                self.name,
                Some(deadlock.holder as i64),
                false,
                at,
            );
            return Err(deadlock);
        }
        let guard = self.mutex.lock();
        if let Some(waits) = waits {
            waits.acquired(cx.thread, id);
        }
        cx.record(Action::Lock, self.name, None, false, at);
        Ok(LockGuard {
            cx,
            name: self.name,
            at,
            guard: Some(guard),
            tracked: Some(id),
            id: self.id,
            gate: None,
        })
    }
}

impl<R: Runtime> Drop for LockGuard<'_, R> {
    fn drop(&mut self) {
        // Record first: the release is a scheduling point, after which another thread may run.
        self.cx
            .record(Action::Unlock, self.name, None, false, self.at);
        if let Some(gate) = self.gate {
            board::announce(Op::Unlock(self.id), Some(self.at));
            gate.load();
        }
        if let Some(id) = self.tracked {
            if let Some(waits) = &self.cx.waits {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_on_the_first_call_then_one_in_64() {
        let opened: Vec<u64> = (0..200).filter(|&call| opens(call)).collect();
        assert_eq!(opened, [0, 64, 128, 192]);
    }
}
