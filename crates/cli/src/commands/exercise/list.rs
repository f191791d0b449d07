//! `racelab exercise list`: every exercise, solved or not, computed by checking.

use super::{check_working, Checked};
use crate::exercise::{catalog, files};
use crate::style;
use std::path::Path;
use std::process::ExitCode;

/// Prints each exercise with its status. Files still equal to their stub are unsolved (the test
/// suite proves every stub fails); changed files are built and checked.
pub fn run(root: &Path) -> anyhow::Result<ExitCode> {
    for exercise in &catalog().exercises {
        let status = if files::untouched(root, exercise)? {
            style::dim("unsolved (not started)").to_string()
        } else {
            eprintln!("checking {}...", exercise.name);
            let working = files::working(root, exercise);
            match check_working(root, exercise, &working)? {
                Checked::Graded(grade) if grade.verified() => style::proven("solved").to_string(),
                Checked::Graded(_) => style::verdict("unsolved").to_string(),
                Checked::DoesNotCompile(_) => style::verdict("does not compile").to_string(),
            }
        };
        println!(
            "{:<22} {:<24} {}",
            style::heading(&exercise.name),
            status,
            style::dim(&exercise.task)
        );
    }
    println!(
        "\n{}",
        style::dim(
            "start one: racelab exercise show <name>; check it: racelab exercise check <name>"
        )
    );
    Ok(ExitCode::SUCCESS)
}
