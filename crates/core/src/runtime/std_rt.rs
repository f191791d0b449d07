//! The real backend: std threads, std atomics, std mutex.

use std::sync::atomic::AtomicI64;
use std::sync::{Mutex, MutexGuard};

/// Real OS threads: the bug shows up only sometimes.
#[derive(Debug, Clone, Copy)]
pub struct Std;

super::impl_atomic_cell!(AtomicI64);
super::impl_raw_mutex!(Mutex, MutexGuard);

impl super::Runtime for Std {
    const BACKEND: crate::Backend = crate::Backend::Threads;
    type Atomic = AtomicI64;
    type Mutex = Mutex<()>;
    super::impl_threads!(std::thread, std::sync::atomic::fence);
}
