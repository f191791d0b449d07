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

use racelab_core::{LabInfo, Sizes, VariantInfo, VariantKind, Window};

/// The lab's description (it is not a [`racelab_core::Lab`]: it has no model backends).
pub static INFO: LabInfo = LabInfo {
    id: "processes",
    crate_name: "processes-race",
    title: "processes have their own memory; a counter shared in a file loses updates",
    iteration: "increments",
    variants: &[
        VariantInfo {
            name: "private-memory",
            kind: VariantKind::WrongFix,
            summary: "each process adds 1 to its own in-memory counter: the parent's stays 0",
        },
        VariantInfo {
            name: "racy-file",
            kind: VariantKind::Racy,
            summary: "the counter lives in a file: read it, then write it back plus one",
        },
        VariantInfo {
            name: "locked-file",
            kind: VariantKind::Fix,
            summary: "the same read and write, under an exclusive advisory lock on the file",
        },
    ],
    params: &[],
    model_sizes: Sizes {
        threads: 2,
        iters: 1,
    },
    real_sizes: Sizes {
        threads: 4,
        iters: 200,
    },
    real_trials: 10,
    real_window: Window::Yield,
    iters_alias: None,
    readme: include_str!("../README.md"),
    variants_source: include_str!("variants.rs"),
    model_checked: false,
    workers: "processes",
};
