//! racelab-core: run a concurrency lab on real threads, prove it with racelab's own SC checker
//! (`explore::dpor`), or explore it under loom or shuttle.
//!
//! The key design decision: a lab is written once, generic over [`Runtime`], and every backend
//! implements that trait. loom's and shuttle's entry points are ordinary functions, so one binary
//! runs any lab under any backend without recompiling or `--cfg loom`. Steps are recorded into a
//! std mutex (never a model primitive), so recording adds no scheduling point, and the order of
//! the records is the order in which the one-at-a-time model threads ran. This crate never prints.
#![deny(missing_docs)]

mod any_lab;
mod caveat;
pub mod coop;
mod declare;
mod error;
pub mod exercise;
pub mod explore;
mod harness;
pub mod lab;
mod limit;
mod outcome;
mod params;
mod report;
pub mod runner;
pub mod runtime;
mod shared;
mod stalls;
pub mod tally;
pub mod trace;
mod validate;
pub mod waits;
mod window;

pub use any_lab::AnyLab;
pub use caveat::Caveat;
pub use error::Error;
pub use lab::{Declared, Lab, LabInfo, ParamSpec, Sizes, Trial, VariantInfo, VariantKind};
pub use limit::Limit;
pub use outcome::{times, verdict_of, OutcomeRow, OutcomeTable, State, OK};
pub use params::{
    Params, MAX_LOOM_THREADS, MAX_MODEL_ITERS, MAX_REAL_ITERS, MAX_REAL_THREADS,
    MAX_SHUTTLE_THREADS,
};
pub use report::{
    Backend, Bypass, Checker, Counterexample, Equivalence, FirstViolation, LossSummary, Report,
    SCHEMA,
};
pub use runtime::Runtime;
pub use shared::{
    fence, hint, Barrier, Cell, Channel, Condvar, Ctx, Lock, LockGuard, RwLock, RwLockReadGuard,
    RwLockWriteGuard, Semaphore,
};
pub use tally::Tally;
pub use window::Window;
