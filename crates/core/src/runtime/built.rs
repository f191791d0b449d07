//! Waiting primitives built from a backend's mutex and condition variable, for the backends that
//! lack them: a semaphore everywhere, and a barrier and a bounded channel under loom.
//!
//! Their counts live in the backend's atomics and are touched only under its mutex, so loom
//! and shuttle see every step; a channel's values sit in a std vector beside them, touched
//! only under that mutex too.

use super::{AtomicCell, RawBarrier, RawChannel, RawCondvar, RawMutex, Runtime};
use std::collections::VecDeque;
use std::sync::atomic::Ordering::SeqCst;

/// A counting semaphore; with `fifo`, waiters take freed permits in the order they came.
#[derive(Debug)]
pub struct BuiltSemaphore<R: Runtime> {
    fifo: bool,
    mutex: R::Mutex,
    changed: R::Condvar,
    permits: R::Atomic,
    /// The next ticket to hand out, and the oldest ticket still waiting (FIFO only).
    next: R::Atomic,
    serving: R::Atomic,
}

impl<R: Runtime> BuiltSemaphore<R> {
    /// A semaphore holding `permits`.
    pub fn new(permits: i64, fifo: bool) -> Self {
        BuiltSemaphore {
            fifo,
            mutex: R::Mutex::new(),
            changed: R::Condvar::new(),
            permits: R::Atomic::new(permits),
            next: R::Atomic::new(0),
            serving: R::Atomic::new(0),
        }
    }

    /// Waits for a permit (its turn too, when FIFO) and takes it.
    pub fn acquire(&self) {
        let mut guard = self.mutex.lock();
        let ticket = if self.fifo { self.next.fetch_add(1) } else { 0 };
        while self.permits.load(SeqCst) <= 0 || (self.fifo && self.serving.load(SeqCst) != ticket) {
            guard = self.changed.wait(guard);
        }
        self.permits.fetch_add(-1);
        if self.fifo {
            self.serving.fetch_add(1);
            self.changed.notify_all();
        }
        drop(guard);
    }

    /// Takes a permit if one is free (and nobody queues, when FIFO).
    pub fn try_acquire(&self) -> bool {
        let _guard = self.mutex.lock();
        let queue_empty = !self.fifo || self.serving.load(SeqCst) == self.next.load(SeqCst);
        let took = queue_empty && self.permits.load(SeqCst) > 0;
        if took {
            self.permits.fetch_add(-1);
        }
        took
    }

    /// Adds a permit and wakes the waiters.
    pub fn release(&self) {
        let _guard = self.mutex.lock();
        self.permits.fetch_add(1);
        self.changed.notify_all();
    }
}

/// A reusable barrier.
#[derive(Debug)]
pub struct BuiltBarrier<R: Runtime> {
    n: i64,
    mutex: R::Mutex,
    round_over: R::Condvar,
    arrived: R::Atomic,
    round: R::Atomic,
}

impl<R: Runtime> RawBarrier for BuiltBarrier<R> {
    fn new(n: usize) -> Self {
        BuiltBarrier {
            n: n as i64,
            mutex: R::Mutex::new(),
            round_over: R::Condvar::new(),
            arrived: R::Atomic::new(0),
            round: R::Atomic::new(0),
        }
    }

    fn wait(&self) -> bool {
        let mut guard = self.mutex.lock();
        let round = self.round.load(SeqCst);
        if self.arrived.fetch_add(1) + 1 >= self.n {
            self.arrived.store(0, SeqCst);
            self.round.fetch_add(1);
            self.round_over.notify_all();
            return true;
        }
        while self.round.load(SeqCst) == round {
            guard = self.round_over.wait(guard);
        }
        drop(guard);
        false
    }
}

/// A channel of integers, bounded or not; capacity 0 makes each send wait for its receiver.
#[derive(Debug)]
pub struct BuiltChannel<R: Runtime> {
    capacity: Option<usize>,
    mutex: R::Mutex,
    changed: R::Condvar,
    /// Values sent and values received, ever.
    sent: R::Atomic,
    received: R::Atomic,
    values: std::sync::Mutex<VecDeque<i64>>,
}

impl<R: Runtime> BuiltChannel<R> {
    fn with(capacity: Option<usize>) -> Self {
        BuiltChannel {
            capacity,
            mutex: R::Mutex::new(),
            changed: R::Condvar::new(),
            sent: R::Atomic::new(0),
            received: R::Atomic::new(0),
            values: std::sync::Mutex::default(),
        }
    }

    fn queued(&self) -> i64 {
        self.sent.load(SeqCst) - self.received.load(SeqCst)
    }

    fn values(&self) -> std::sync::MutexGuard<'_, VecDeque<i64>> {
        self.values.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl<R: Runtime> RawChannel for BuiltChannel<R> {
    fn bounded(capacity: usize) -> Self {
        Self::with(Some(capacity))
    }

    fn unbounded() -> Self {
        Self::with(None)
    }

    fn send(&self, value: i64) {
        let mut guard = self.mutex.lock();
        let full = |c: usize| c > 0 && self.queued() >= c as i64;
        while self.capacity.is_some_and(full) {
            guard = self.changed.wait(guard);
        }
        self.values().push_back(value);
        let ticket = self.sent.fetch_add(1);
        self.changed.notify_all();
        if self.capacity == Some(0) {
            while self.received.load(SeqCst) <= ticket {
                guard = self.changed.wait(guard);
            }
        }
        drop(guard);
    }

    fn recv(&self) -> i64 {
        let mut guard = self.mutex.lock();
        while self.queued() <= 0 {
            guard = self.changed.wait(guard);
        }
        let value = self.values().pop_front().unwrap_or_default();
        self.received.fetch_add(1);
        self.changed.notify_all();
        drop(guard);
        value
    }
}
