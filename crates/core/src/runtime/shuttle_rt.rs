//! The shuttle backend: scheduled interleavings, sequentially consistent.

use shuttle::sync::atomic::AtomicI64;
use shuttle::sync::{Mutex, MutexGuard};

/// shuttle's model threads; valid only inside an exploration.
#[derive(Debug, Clone, Copy)]
pub struct Shuttle;

super::impl_atomic_cell!(AtomicI64);
super::impl_raw_mutex!(Mutex, MutexGuard);

impl super::Runtime for Shuttle {
    const BACKEND: crate::Backend = crate::Backend::Shuttle;
    type Atomic = AtomicI64;
    type Mutex = Mutex<()>;
    super::impl_threads!(shuttle::thread, shuttle::sync::atomic::fence);
}
