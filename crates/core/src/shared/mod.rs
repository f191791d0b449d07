//! Recorded shared state: each thread's context, and the cells, locks and waiting primitives a
//! lab's threads share.

mod barrier;
mod cell;
mod channel;
mod checked;
mod condvar;
mod ctx;
mod fence;
pub mod hint;
mod lock;
mod rwlock;
mod semaphore;

pub use barrier::Barrier;
pub use cell::Cell;
pub use channel::Channel;
pub use condvar::Condvar;
pub use ctx::Ctx;
pub use fence::fence;
pub use lock::{Lock, LockGuard};
pub use rwlock::{RwLock, RwLockReadGuard, RwLockWriteGuard};
pub use semaphore::Semaphore;

use std::sync::atomic::Ordering;

/// The name of `ordering` when it is weaker than `SeqCst` (what a timeline shows beside a step).
pub(crate) fn weaker_than_seqcst(ordering: Ordering) -> Option<&'static str> {
    match ordering {
        Ordering::Relaxed => Some("Relaxed"),
        Ordering::Acquire => Some("Acquire"),
        Ordering::Release => Some("Release"),
        Ordering::AcqRel => Some("AcqRel"),
        _ => None,
    }
}
