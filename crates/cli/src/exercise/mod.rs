//! Exercises: the catalogue, where the files are, how a student's file is built and graded.

pub mod catalog;
pub(crate) mod files;
pub mod grade;
pub(crate) mod grader;
pub(crate) mod state;
pub mod verdict;

pub use catalog::{catalog, Catalog, Exercise, Size};
pub use grade::{grade, Cause, Grade};
