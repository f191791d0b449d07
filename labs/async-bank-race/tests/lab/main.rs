//! The async-bank-race lab's tests, in one binary (one link of loom and shuttle, not one per file):
//! - `model`: the racelab SC checker, loom and shuttle on every variant;
//! - `threads`: real threads, where only the accounting is asserted;

mod model;
mod threads;

/// The lab as the CLI runs it: its explorer is built once, in racelab-labs, not again here.
fn lab() -> &'static dyn racelab_core::AnyLab {
    racelab_labs::find("async-bank").expect("async-bank is registered")
}
