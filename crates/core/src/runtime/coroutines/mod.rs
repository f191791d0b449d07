//! racelab's own model threads, on which its SC checker runs: coroutines on one OS thread that
//! switch only at scheduling points, each switch decided by the checker ([`executor`]).
//!
//! Sequentially consistent, as shuttle is, and with shuttle's scheduling points, at a fraction
//! of its cost a step: no vector clocks, no task signatures, no tracing spans. Under the checker
//! racelab's primitives step on atomic cells and the checker models what they do, so the
//! mutex, condition variable and read-write lock here are plain ones for any code that uses them
//! directly: each waits by switching until it can go on.

pub(crate) mod executor;

use super::built::{BuiltBarrier, BuiltChannel};
use super::{RawCondvar, RawMutex, RawRwLock};
use executor::switch;
use std::sync::atomic::{AtomicBool, AtomicI64 as StdAtomic, AtomicUsize, Ordering};

/// racelab's model threads; valid only inside an exploration of its SC checker.
#[derive(Debug, Clone, Copy)]
pub struct Coroutines;

impl super::Runtime for Coroutines {
    const BACKEND: crate::Backend = crate::Backend::Racelab;
    type Atomic = AtomicI64;
    type Mutex = Mutex;
    type Condvar = Condvar;
    type RwLock = RwLock;
    type Barrier = BuiltBarrier<Coroutines>;
    type Channel = BuiltChannel<Coroutines>;
    super::impl_threads!(thread, fence);
}

/// A fence: sequential consistency orders everything already.
fn fence(_ordering: Ordering) {}

/// Threads shaped like std's.
mod thread {
    use super::executor::{self, Tid};
    use std::sync::{Arc, Mutex};

    /// Waits for a thread and hands over what it returned.
    #[derive(Debug)]
    pub struct JoinHandle<T> {
        tid: Tid,
        result: Arc<Mutex<Option<T>>>,
    }

    /// Starts a thread running `body`.
    pub fn spawn<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> JoinHandle<T> {
        let result = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&result);
        let tid = executor::spawn(Box::new(move || {
            let value = body();
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(value);
        }));
        JoinHandle { tid, result }
    }

    impl<T> JoinHandle<T> {
        /// Waits until the thread has finished; what it returned.
        pub fn join(self) -> std::thread::Result<T> {
            executor::join(self.tid);
            let value = self.result.lock().unwrap_or_else(|p| p.into_inner()).take();
            // A thread that panicked ended the execution before anyone could join it.
            value.ok_or_else(|| Box::new("the thread did not finish") as _)
        }
    }

    /// Offers the processor to another thread.
    pub fn yield_now() {
        executor::switch();
    }
}

/// An integer cell; each access is a scheduling point.
#[derive(Debug)]
pub struct AtomicI64(StdAtomic);

impl AtomicI64 {
    /// A cell holding `value`.
    pub fn new(value: i64) -> Self {
        AtomicI64(StdAtomic::new(value))
    }
    /// Reads it.
    pub fn load(&self, _ordering: Ordering) -> i64 {
        switch();
        self.0.load(Ordering::Relaxed)
    }
    /// Writes it.
    pub fn store(&self, value: i64, _ordering: Ordering) {
        switch();
        self.0.store(value, Ordering::Relaxed)
    }
    /// Adds to it; the value before.
    pub fn fetch_add(&self, delta: i64, _ordering: Ordering) -> i64 {
        switch();
        self.0.fetch_add(delta, Ordering::Relaxed)
    }
    /// Writes `new` if it holds `current`; the value seen.
    pub fn compare_exchange(
        &self,
        current: i64,
        new: i64,
        _success: Ordering,
        _failure: Ordering,
    ) -> Result<i64, i64> {
        switch();
        (self.0).compare_exchange(current, new, Ordering::Relaxed, Ordering::Relaxed)
    }
}

super::impl_atomic_cell!(AtomicI64);

/// A mutex that waits by switching until it is free.
#[derive(Debug, Default)]
pub struct Mutex {
    held: AtomicBool,
}

/// Holds a [`Mutex`] until dropped.
#[derive(Debug)]
pub struct MutexGuard<'a>(&'a Mutex);

impl Drop for MutexGuard<'_> {
    fn drop(&mut self) {
        switch();
        self.0.held.store(false, Ordering::Relaxed);
    }
}

impl RawMutex for Mutex {
    type Guard<'a> = MutexGuard<'a>;
    fn new() -> Self {
        Mutex::default()
    }
    fn lock(&self) -> MutexGuard<'_> {
        loop {
            if let Some(guard) = self.try_lock() {
                return guard;
            }
        }
    }
    fn try_lock(&self) -> Option<MutexGuard<'_>> {
        switch();
        (!self.held.swap(true, Ordering::Relaxed)).then_some(MutexGuard(self))
    }
}

/// A condition variable whose waits all end at the next switch (as spurious wakeups may).
#[derive(Debug, Default)]
pub struct Condvar;

impl RawCondvar<Mutex> for Condvar {
    fn new() -> Self {
        Condvar
    }
    fn wait<'a>(&self, guard: <Mutex as RawMutex>::Guard<'a>) -> <Mutex as RawMutex>::Guard<'a> {
        let mutex = guard.0;
        drop(guard);
        mutex.lock()
    }
    fn notify_one(&self) {}
    fn notify_all(&self) {}
}

/// A read-write lock that waits by switching: the count of readers, or `usize::MAX` for a
/// writer.
#[derive(Debug, Default)]
pub struct RwLock {
    holders: AtomicUsize,
}

/// Holds a [`RwLock`] (to read or to write) until dropped.
#[derive(Debug)]
pub struct RwLockGuard<'a> {
    lock: &'a RwLock,
    writes: bool,
}

impl Drop for RwLockGuard<'_> {
    fn drop(&mut self) {
        switch();
        let holders = &self.lock.holders;
        match self.writes {
            true => holders.store(0, Ordering::Relaxed),
            false => _ = holders.fetch_sub(1, Ordering::Relaxed),
        }
    }
}

impl RawRwLock for RwLock {
    type ReadGuard<'a> = RwLockGuard<'a>;
    type WriteGuard<'a> = RwLockGuard<'a>;
    fn new() -> Self {
        RwLock::default()
    }
    fn read(&self) -> RwLockGuard<'_> {
        loop {
            switch();
            let readers = self.holders.load(Ordering::Relaxed);
            if readers != usize::MAX {
                self.holders.store(readers + 1, Ordering::Relaxed);
                return RwLockGuard {
                    lock: self,
                    writes: false,
                };
            }
        }
    }
    fn write(&self) -> RwLockGuard<'_> {
        loop {
            switch();
            if self.holders.load(Ordering::Relaxed) == 0 {
                self.holders.store(usize::MAX, Ordering::Relaxed);
                return RwLockGuard {
                    lock: self,
                    writes: true,
                };
            }
        }
    }
}
