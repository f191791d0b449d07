//! The counter-race lab's tests, in one binary (one link of loom and shuttle, not one per file):
//! - `model`: the racelab SC checker, loom and shuttle on every variant;
//! - `properties`: proptest sizes under shuttle's random schedules;
//! - `threads`: real threads, where only the accounting is asserted;

mod model;
mod properties;
mod threads;
