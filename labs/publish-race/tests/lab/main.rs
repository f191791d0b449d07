//! The publish lab's tests, in one binary:
//! - `model`: every cell of the memory-ordering table but real hardware: what racelab's SC
//!   checker can and cannot see, what loom finds, and which checker judges by default;
//! - `threads`: real threads, where only the accounting is asserted.

mod model;
mod threads;

/// The lab as the CLI runs it: its explorer is built once, in racelab-labs, not again here.
fn lab() -> &'static dyn racelab_core::AnyLab {
    racelab_labs::find("publish").expect("publish is registered")
}
