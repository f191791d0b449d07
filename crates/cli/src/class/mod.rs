//! Grading a class: every student's file of an exercise, compiled together into one grader, then
//! graded one by one in a sandbox, into a gradebook in the formats teachers' tools read.

pub mod build;
pub mod gradebook;
mod process_tree;
pub mod refuse;
pub mod row;
pub mod run;
pub mod submissions;
