//! The loom backend: every interleaving, under a weak (C11) memory model.

use loom::sync::atomic::AtomicI64;
use loom::sync::{Mutex, MutexGuard};

/// loom's model threads; valid only inside an exploration.
#[derive(Debug, Clone, Copy)]
pub struct Loom;

super::impl_atomic_cell!(AtomicI64);
super::impl_raw_mutex!(Mutex, MutexGuard);
super::waiting::impl_std_waiting!(loom::sync);

impl super::Runtime for Loom {
    const BACKEND: crate::Backend = crate::Backend::Loom;
    type Atomic = AtomicI64;
    type Mutex = Mutex<()>;
    type Condvar = loom::sync::Condvar;
    type RwLock = loom::sync::RwLock<()>;
    type Barrier = super::built::BuiltBarrier<Loom>;
    type Channel = super::built::BuiltChannel<Loom>;
    super::impl_threads!(loom::thread, loom::sync::atomic::fence);
}
