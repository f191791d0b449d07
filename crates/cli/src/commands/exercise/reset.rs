//! `racelab exercise reset <name>`: the pristine stub back in place of the student's file, and
//! the exercise unsolved again.

use crate::exercise::state::State;
use crate::exercise::{files, Exercise};
use racelab_core::Error;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Restores the stub and forgets that the exercise was solved and which hints were shown; a
/// changed file needs `force`, or a yes on a terminal.
pub fn run(root: &Path, exercise: &Exercise, force: bool) -> anyhow::Result<ExitCode> {
    let working = files::working(root, exercise);
    let shown = crate::checkout::shown(&working);
    if !force && !files::untouched(root, exercise)? && !confirmed(&shown)? {
        return Err(Error::BadInput(format!(
            "{shown} has your changes: `racelab exercise reset {} --force` overwrites them",
            exercise.name
        ))
        .into());
    }
    files::write(&working, &files::stub(root, exercise)?)?;
    // Starting over: unsolved again, and its hints from the first.
    let mut state = State::load(root);
    state.solved.remove(&exercise.name);
    state.hints_shown.remove(&exercise.name);
    state.checked.remove(&exercise.name);
    state.save(root)?;
    outln!("{shown} is the stub again, and the exercise starts over: unsolved, its hints from the first")?;
    Ok(ExitCode::SUCCESS)
}

/// Asks on a terminal whether to overwrite; never asks when stdin is not one.
fn confirmed(shown: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    out!("overwrite your changes to {shown} with the stub? [y/N] ")?;
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::Failed(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
