//! `racelab exercise hint <name>`: one more hint each time, or all of them.

use crate::exercise::state::State;
use crate::exercise::Exercise;
use crate::style;
use std::path::Path;
use std::process::ExitCode;

/// Prints the next hint (and remembers it was shown), or every hint with `all`.
pub fn run(root: &Path, exercise: &Exercise, all: bool) -> anyhow::Result<ExitCode> {
    let total = exercise.hints.len();
    let mut state = State::load(root);
    let shown = state.hints_shown.get(&exercise.name).copied().unwrap_or(0);
    let upto = if all { total } else { (shown + 1).min(total) };
    for (i, hint) in exercise.hints.iter().enumerate().take(upto) {
        if all || i + 1 == upto {
            outln!(
                "{} {hint}",
                style::heading(&format!("hint {} of {total}:", i + 1))
            )?;
        }
    }
    if !all && shown >= total {
        outln!(
            "{}",
            style::dim("that was the last hint; `--all` lists them, `show --solution` once solved")
        )?;
    }
    state
        .hints_shown
        .insert(exercise.name.clone(), upto.max(shown));
    state.save(root)?;
    Ok(ExitCode::SUCCESS)
}
