//! Recorded shared state: each thread's context, and the cells and locks a lab's threads share.

mod cell;
mod ctx;
mod fence;
mod lock;

pub use cell::Cell;
pub use ctx::Ctx;
pub use fence::fence;
pub use lock::{Lock, LockGuard};

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
