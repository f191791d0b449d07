//! The processes lab: N real OS processes, started by racelab itself, each adding 1 to "the
//! counter" K times. Processes have memory of their own, so first the parent's counter does not
//! move at all; then they share a counter in a file, and read-modify-write loses updates across
//! processes as it does across threads; an advisory file lock fixes it.
//!
//! Real processes only: loom and shuttle model threads inside one process. The parent side is
//! [`run`]; each child runs [`child`] (racelab re-executes itself as `racelab __process`).
#![deny(missing_docs)]

mod child;
mod parent;
pub mod variants;

pub use child::{child, ChildArgs, FAIL_ENV};
pub use parent::run;

mod any_lab;
pub use any_lab::ProcessesLab;

use racelab_core::{Sizes, Window};
use std::fs::File;

/// One child's increments: the counter file, how many, and the race window between read and
/// write; returns the child's own in-memory counter.
pub type Increments = fn(&mut File, u64, Window) -> std::io::Result<i64>;

racelab_core::real_lab! {
    /// The lab's description (it is not a [`racelab_core::Lab`]: it has no model backends).
    pub static INFO;
    /// Each variant's code, in the order of `INFO.variants`.
    pub static CODE: [Increments];
    {
        id: "processes",
        title: "processes have their own memory; a counter shared in a file loses updates",
        iteration: "increments",
        real_sizes: Sizes::new(4, 200),
        real_trials: 10,
        model_checked: false,
        workers: "processes",
    }
    variants {
        "private-memory": WrongFix => variants::private_memory, "each process adds 1 to its own in-memory counter: the parent's stays 0";
        "racy-file": Racy => variants::racy_file, "the counter lives in a file: read it, then write it back plus one";
        "locked-file": Fix => variants::locked_file, "the same read and write, under an exclusive advisory lock on the file";
    }
}
