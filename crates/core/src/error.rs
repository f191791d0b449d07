//! Errors: bad input, and work that could not be done. Every one means exit code 2.

use serde::{Deserialize, Serialize};

/// Why racelab could not do what was asked. It crosses the worker's pipe as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum Error {
    /// The request itself is wrong; the message says what to change.
    #[error("{0}")]
    BadInput(String),
    /// No lab has this id.
    #[error("unknown lab '{lab}'; the labs are: {known}")]
    UnknownLab {
        /// What was asked for.
        lab: String,
        /// The ids there are, comma-separated.
        known: String,
    },
    /// The lab has no variant of this name.
    #[error("unknown variant '{variant}' of lab '{lab}'; the variants are: {known}")]
    UnknownVariant {
        /// The lab.
        lab: String,
        /// What was asked for.
        variant: String,
        /// The names there are, comma-separated.
        known: String,
    },
    /// The lab's code panicked under a checker.
    #[error("the lab panicked under {checker}: {message}")]
    Panicked {
        /// The checker's name, e.g. `loom`.
        checker: String,
        /// The panic's message.
        message: String,
    },
    /// One execution never ended: it took more steps than the checker allows.
    #[error("{checker} gave up: one execution took more than {steps} steps; {advice}")]
    Hang {
        /// The checker's name.
        checker: String,
        /// Its limit.
        steps: usize,
        /// What loops that long, and what to try.
        advice: String,
    },
    /// A deadlock the checker can only report as a failure, not as an outcome.
    #[error(
        "{checker} found a deadlock (every thread blocked), which it cannot report as an \
         outcome: explore with racelab's SC checker (the default) to see its trace"
    )]
    Deadlock {
        /// The checker's name.
        checker: String,
        /// What it said (its own words, for debugging: not shown).
        message: String,
    },
    /// The exploration process did not finish in its wall-clock time.
    #[error(
        "the exploration did not finish in {seconds}s: try a smaller size (fewer threads or \
         iterations), or a bound on preemptions"
    )]
    TimedOut {
        /// The wall-clock limit, in seconds.
        seconds: u64,
    },
    /// A checker could not complete the work; the message says why and what to try.
    #[error("{0}")]
    Failed(String),
}
