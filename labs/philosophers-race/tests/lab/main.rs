//! The philosophers lab's tests, in one binary (one link of loom and shuttle, not one per file):
//! - `model`: racelab's SC checker on every variant, loom and shuttle on the fixes;
//! - `threads`: real threads, where only the accounting is asserted.

mod model;
mod threads;
