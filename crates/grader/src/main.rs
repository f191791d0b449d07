//! racelab-grader: one student's exercise file, built into an exploration worker.
//!
//! `racelab exercise check` builds this package with the file's path in the environment (see
//! build.rs), then sends it the same jobs as `racelab __worker` gets, one child per exploration.

include!(concat!(env!("OUT_DIR"), "/student.rs"));
