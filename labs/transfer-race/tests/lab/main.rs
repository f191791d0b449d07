//! The transfer-race lab's tests, in one binary (one link of loom and shuttle, not one per file):
//! - `model`: the racelab SC checker, loom and shuttle on every variant;
//! - `threads`: real threads, where only the accounting is asserted;

mod model;
mod threads;
