//! The Runtime abstraction: what a lab may use, implemented once per backend.
//!
//! A lab's variants are generic over [`Runtime`], so the same source runs on real threads,
//! under loom, under shuttle and on racelab's own model threads ([`Coroutines`], for its SC
//! checker). Loads and stores take an ordering (the labs' default is
//! `SeqCst`); read-modify-writes are `SeqCst`. loom models the weaker orderings, and treats
//! `SeqCst` loads and stores as `AcqRel` (loom#180), which is why traces mark stale reads.

pub mod built;
pub(crate) mod coroutines;
mod loom_rt;
mod shuttle_rt;
mod std_rt;
mod waiting;

use std::sync::atomic::Ordering;

pub use coroutines::Coroutines;
pub use loom_rt::Loom;
pub use shuttle_rt::Shuttle;
pub use std_rt::Std;
pub use waiting::{RawBarrier, RawChannel, RawCondvar, RawRwLock};

/// A shared 64-bit integer cell with the operations the labs need.
pub trait AtomicCell: std::fmt::Debug + Send + Sync + 'static {
    /// A cell holding `value`.
    fn new(value: i64) -> Self;
    /// Reads the value with `ordering`.
    fn load(&self, ordering: Ordering) -> i64;
    /// Writes `value` with `ordering`.
    fn store(&self, value: i64, ordering: Ordering);
    /// Adds `delta` in one indivisible step; returns the value before.
    fn fetch_add(&self, delta: i64) -> i64;
    /// Writes `new` if the value is `current`, in one indivisible step; returns the value seen.
    fn compare_exchange(&self, current: i64, new: i64) -> Result<i64, i64>;
}

/// A mutual-exclusion lock that guards a critical section (the data lives in cells).
pub trait RawMutex: std::fmt::Debug + Send + Sync + 'static {
    /// Holds the lock until dropped.
    type Guard<'a>;
    /// An unlocked mutex.
    fn new() -> Self;
    /// Blocks until the lock is free, then takes it.
    fn lock(&self) -> Self::Guard<'_>;
    /// Takes the lock if it is free.
    fn try_lock(&self) -> Option<Self::Guard<'_>>;
}

/// One backend: how threads are spawned and which cell and lock types they share.
pub trait Runtime: std::fmt::Debug + 'static {
    /// Which backend this is.
    const BACKEND: crate::Backend;
    /// The atomic integer cell.
    type Atomic: AtomicCell;
    /// The lock.
    type Mutex: RawMutex;
    /// The condition variable, waiting with [`Runtime::Mutex`].
    type Condvar: RawCondvar<Self::Mutex>;
    /// The read-write lock.
    type RwLock: RawRwLock;
    /// The barrier.
    type Barrier: RawBarrier;
    /// The channel.
    type Channel: RawChannel;
    /// What `spawn` returns.
    type JoinHandle<T: Send + 'static>;
    /// Starts a thread running `body`.
    fn spawn<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> Self::JoinHandle<T>;
    /// Waits for a thread and returns its result (a panic in the thread is resumed here).
    fn join<T: Send + 'static>(handle: Self::JoinHandle<T>) -> T;
    /// Offers the processor to another thread.
    fn yield_now();
    /// A memory fence with `ordering`.
    fn fence(ordering: Ordering);
}

/// Implements [`AtomicCell`] for an `AtomicI64` type with the std API.
macro_rules! impl_atomic_cell {
    ($ty:ty) => {
        impl $crate::runtime::AtomicCell for $ty {
            fn new(value: i64) -> Self {
                <$ty>::new(value)
            }
            fn load(&self, ordering: std::sync::atomic::Ordering) -> i64 {
                <$ty>::load(self, ordering)
            }
            fn store(&self, value: i64, ordering: std::sync::atomic::Ordering) {
                <$ty>::store(self, value, ordering)
            }
            fn fetch_add(&self, delta: i64) -> i64 {
                <$ty>::fetch_add(self, delta, std::sync::atomic::Ordering::SeqCst)
            }
            fn compare_exchange(&self, current: i64, new: i64) -> Result<i64, i64> {
                use std::sync::atomic::Ordering::SeqCst;
                <$ty>::compare_exchange(self, current, new, SeqCst, SeqCst)
            }
        }
    };
}
pub(crate) use impl_atomic_cell;

/// Implements [`RawMutex`] for a `Mutex<()>` type with the std API (poisoning ignored).
macro_rules! impl_raw_mutex {
    ($mutex:ident, $guard:ident) => {
        impl $crate::runtime::RawMutex for $mutex<()> {
            type Guard<'a> = $guard<'a, ()>;
            fn new() -> Self {
                $mutex::new(())
            }
            fn lock(&self) -> Self::Guard<'_> {
                $mutex::lock(self).unwrap_or_else(|poisoned| poisoned.into_inner())
            }
            fn try_lock(&self) -> Option<Self::Guard<'_>> {
                match $mutex::try_lock(self) {
                    Ok(guard) => Some(guard),
                    Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
                    Err(std::sync::TryLockError::WouldBlock) => None,
                }
            }
        }
    };
}
pub(crate) use impl_raw_mutex;

/// Implements `spawn`, `join`, `yield_now` and `fence` for a backend with std's thread API and
/// its `fence`.
macro_rules! impl_threads {
    ($($thread:ident)::+, $($fence:ident)::+) => {
        fn fence(ordering: std::sync::atomic::Ordering) {
            $($fence)::+(ordering)
        }
        type JoinHandle<T: Send + 'static> = $($thread)::+::JoinHandle<T>;
        fn spawn<T: Send + 'static>(
            body: impl FnOnce() -> T + Send + 'static,
        ) -> Self::JoinHandle<T> {
            $($thread)::+::spawn(body)
        }
        fn join<T: Send + 'static>(handle: Self::JoinHandle<T>) -> T {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }
        fn yield_now() {
            // Under racelab's SC checker a yield is a step of its own that touches nothing.
            $crate::explore::dpor::board::announce($crate::explore::dpor::event::Op::Yield, None);
            $($thread)::+::yield_now()
        }
    };
}
pub(crate) use impl_threads;
