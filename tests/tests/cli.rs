//! The CLI end to end.
