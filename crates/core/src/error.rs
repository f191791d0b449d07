//! Errors: bad input, and work that could not be done. Both mean exit code 2.

/// Why racelab could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request itself is wrong; the message says what to change.
    #[error("{0}")]
    BadInput(String),
    /// A checker could not complete the work; the message says why and what to try.
    #[error("{0}")]
    Failed(String),
}
