//! `racelab exercise list`: every exercise, solved or not, as the last check of its working copy
//! found (checked again if the copy changed since).

use super::check_working;
use crate::exercise::state::{Checked, Found, State};
use crate::exercise::{catalog, files};
use crate::style;
use std::path::Path;
use std::process::ExitCode;

/// Prints each exercise with its status. Files still equal to their stub are not started (the
/// test suite proves every stub fails); a changed file is what its last check found, if that
/// check was of this very text by this very racelab, and is built and checked otherwise.
pub fn run(root: &Path) -> anyhow::Result<ExitCode> {
    let exercises = &catalog().exercises;
    let width = exercises.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let remembered = State::load(root).checked;
    for (number, exercise) in exercises.iter().enumerate() {
        let status = if files::untouched(root, exercise)? {
            Status::NotStarted
        } else {
            let working = files::working(root, exercise);
            let key = Checked::key(&files::read(&working)?);
            match remembered.get(&exercise.name).filter(|c| c.key == key) {
                Some(checked) => Status::Found(checked.found),
                None => {
                    let shown = crate::checkout::shown(&working);
                    eprintln!(
                        "checking {}: {shown} has not been checked as it is now...",
                        exercise.name
                    );
                    Status::Found(check_working(root, exercise, &working)?.found())
                }
            }
        };
        // Padded before it is coloured: colour codes would count as width.
        outln!(
            "{:>2}. {} {} {}",
            number + 1,
            style::heading(&format!("{:<width$}", exercise.name)),
            status.shown(),
            style::dim(&format!("lab {}", exercise.lab))
        )?;
    }
    outln!(
        "\n{}",
        style::dim(
            "the next one: racelab exercise next; read one: racelab exercise show <name>;\n\
             check it: racelab exercise check <name>; or check on every save: racelab exercise watch"
        )
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Where a student stands with one exercise.
enum Status {
    /// The working copy is missing or still the stub.
    NotStarted,
    /// Changed, and checked.
    Found(Found),
}

impl Status {
    /// The status, padded to one width and coloured.
    fn shown(&self) -> String {
        let (text, paint): (&str, fn(&str) -> colored::ColoredString) = match self {
            Status::NotStarted => ("not started", style::dim),
            Status::Found(Found::Unsolved) => ("unsolved", style::verdict),
            Status::Found(Found::DoesNotCompile) => ("does not compile", style::verdict),
            Status::Found(Found::Solved) => ("solved", style::proven),
        };
        paint(&format!("{text:<16}")).to_string()
    }
}
