//! The locks-by-hand lab's tests, in one binary (one link of loom and shuttle, not one per file):
//! - `model`: racelab's SC checker on every variant, loom on the fixes;
//! - `threads`: real threads, where only the accounting is asserted.

mod model;
mod threads;

/// The lab as the CLI runs it: its explorer is built once, in racelab-labs, not again here.
fn lab() -> &'static dyn racelab_core::AnyLab {
    racelab_labs::find("locks-by-hand").expect("locks-by-hand is registered")
}
