//! `racelab exercise next`: the first exercise of the course not yet solved, from what racelab
//! remembers (no build).

use crate::exercise::{catalog, state::State};
use crate::style;
use std::path::Path;
use std::process::ExitCode;

/// Names the first unsolved exercise, in the catalogue's order, and how to start it.
pub fn run(root: &Path) -> anyhow::Result<ExitCode> {
    let solved = State::load(root).solved;
    let exercises = &catalog().exercises;
    let done = exercises
        .iter()
        .filter(|e| solved.contains(&e.name))
        .count();
    match exercises.iter().find(|e| !solved.contains(&e.name)) {
        Some(next) => {
            outln!(
                "next: {} ({} of {} solved): {}",
                style::heading(&next.name),
                done,
                exercises.len(),
                next.task
            )?;
            outln!(
                "{}",
                style::dim(&format!(
                    "start: racelab exercise show {0}; check it: racelab exercise check {0}",
                    next.name
                ))
            )?;
        }
        None => outln!(
            "every exercise is solved ({done} of {}): well done",
            exercises.len()
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
