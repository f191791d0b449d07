//! The loom backend: every interleaving, under a weak (C11) memory model.

use loom::sync::atomic::AtomicI64;
use loom::sync::{Mutex, MutexGuard};

/// loom's model threads; valid only inside an exploration.
#[derive(Debug, Clone, Copy)]
pub struct Loom;

super::impl_atomic_cell!(AtomicI64);
super::impl_raw_mutex!(Mutex, MutexGuard);

impl super::Runtime for Loom {
    const BACKEND: crate::Backend = crate::Backend::Loom;
    type Atomic = AtomicI64;
    type Mutex = Mutex<()>;
    super::impl_threads!(loom::thread, loom::sync::atomic::fence);
}
