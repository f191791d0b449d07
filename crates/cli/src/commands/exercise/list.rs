//! `racelab exercise list`: every exercise, solved or not, computed by checking.

use super::{check_working, Checked};
use crate::exercise::{catalog, files};
use crate::style;
use std::path::Path;
use std::process::ExitCode;

/// Prints each exercise with its status. Files still equal to their stub are not started (the
/// test suite proves every stub fails); changed files are built and checked.
pub fn run(root: &Path) -> anyhow::Result<ExitCode> {
    let exercises = &catalog().exercises;
    let width = exercises.iter().map(|e| e.name.len()).max().unwrap_or(0);
    for (number, exercise) in exercises.iter().enumerate() {
        let status = if files::untouched(root, exercise)? {
            Status::NotStarted
        } else {
            eprintln!("checking {}...", exercise.name);
            let working = files::working(root, exercise);
            match check_working(root, exercise, &working)? {
                Checked::Graded(grade) if grade.verified() => Status::Solved,
                Checked::Graded(_) => Status::Unsolved,
                Checked::DoesNotCompile(_) => Status::DoesNotCompile,
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
    /// Changed, and not verified.
    Unsolved,
    /// Changed, and it does not compile.
    DoesNotCompile,
    /// Verified.
    Solved,
}

impl Status {
    /// The status, padded to one width and coloured.
    fn shown(&self) -> String {
        let (text, paint): (&str, fn(&str) -> colored::ColoredString) = match self {
            Status::NotStarted => ("not started", style::dim),
            Status::Unsolved => ("unsolved", style::verdict),
            Status::DoesNotCompile => ("does not compile", style::verdict),
            Status::Solved => ("solved", style::proven),
        };
        paint(&format!("{text:<16}")).to_string()
    }
}
