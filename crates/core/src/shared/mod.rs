//! Recorded shared state: each thread's context, and the cells and locks a lab's threads share.

mod cell;
mod ctx;
mod lock;

pub use cell::Cell;
pub use ctx::Ctx;
pub use lock::{Lock, LockGuard};
