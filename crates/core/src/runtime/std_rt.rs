//! The real backend: std threads, std atomics, std mutex.

use std::sync::atomic::AtomicI64;
use std::sync::{Mutex, MutexGuard};

/// Real OS threads: the bug shows up only sometimes.
#[derive(Debug, Clone, Copy)]
pub struct Std;

super::impl_atomic_cell!(AtomicI64);
super::impl_raw_mutex!(Mutex, MutexGuard);
super::waiting::impl_std_waiting!(std::sync);
super::waiting::impl_std_barrier!(std::sync::Barrier);
super::waiting::mpsc_channel!(Channel, std::sync::mpsc, std::sync::Mutex);

impl super::Runtime for Std {
    const BACKEND: crate::Backend = crate::Backend::Threads;
    type Atomic = AtomicI64;
    type Mutex = Mutex<()>;
    type Condvar = std::sync::Condvar;
    type RwLock = std::sync::RwLock<()>;
    type Barrier = std::sync::Barrier;
    type Channel = Channel;
    super::impl_threads!(std::thread, std::sync::atomic::fence);
}
