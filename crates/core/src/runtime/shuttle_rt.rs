//! The shuttle backend: scheduled interleavings, sequentially consistent.

use shuttle::sync::atomic::AtomicI64;
use shuttle::sync::{Mutex, MutexGuard};

/// shuttle's model threads; valid only inside an exploration.
#[derive(Debug, Clone, Copy)]
pub struct Shuttle;

super::impl_atomic_cell!(AtomicI64);
super::impl_raw_mutex!(Mutex, MutexGuard);
super::waiting::impl_std_waiting!(shuttle::sync);
super::waiting::impl_std_barrier!(shuttle::sync::Barrier);
super::waiting::mpsc_channel!(Channel, shuttle::sync::mpsc, shuttle::sync::Mutex);

impl super::Runtime for Shuttle {
    const BACKEND: crate::Backend = crate::Backend::Shuttle;
    type Atomic = AtomicI64;
    type Mutex = Mutex<()>;
    type Condvar = shuttle::sync::Condvar;
    type RwLock = shuttle::sync::RwLock<()>;
    type Barrier = shuttle::sync::Barrier;
    type Channel = Channel;
    super::impl_threads!(shuttle::thread, shuttle::sync::atomic::fence);
}
