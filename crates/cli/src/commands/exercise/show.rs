//! `racelab exercise show <name>`: the task, the file to edit, the command that checks it.

use crate::exercise::state::State;
use crate::exercise::{files, Exercise};
use crate::style;
use racelab_core::Error;
use racelab_labs as labs;
use std::path::Path;
use std::process::ExitCode;

/// Prints the exercise (making the working copy if there is none), or its reference solution.
pub fn run(root: &Path, exercise: &Exercise, solution: bool) -> anyhow::Result<ExitCode> {
    let name = &exercise.name;
    if solution {
        if !State::load(root).solved.contains(name) {
            return Err(Error::BadInput(format!(
                "solve it first: the reference solution of '{name}' is shown once `racelab \
                 exercise check {name}` has verified your file"
            ))
            .into());
        }
        let path = exercise.solution(root);
        outln!("{}", style::dim(&crate::checkout::shown(&path)))?;
        out!("{}", files::read(&path)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let info = labs::find(&exercise.lab)?.info();
    let (working, _) = files::ensure_working(root, exercise)?;
    outln!(
        "{}",
        style::heading(&format!("exercise {name} (lab {})", info.id))
    )?;
    outln!("\n{}\n", exercise.task)?;
    outln!(
        "edit:      {} (the function `{}`)",
        crate::checkout::shown(&working),
        exercise.function
    )?;
    outln!("invariant: {}", exercise.invariant)?;
    outln!("graded at: {}", exercise.sizes(info))?;
    let graded_by = "graded by: racelab's SC checker (every sequentially consistent behaviour) \
                     where your code uses SeqCst, locks and awaits only; loom (weak memory) where \
                     it uses weaker orderings";
    let indent = textwrap::Options::new(80).subsequent_indent("           ");
    outln!("{}", textwrap::fill(graded_by, indent))?;
    outln!("\ncheck it:   racelab exercise check {name}")?;
    outln!("stuck?      racelab exercise hint {name}")?;
    outln!("start over: racelab exercise reset {name}")?;
    Ok(ExitCode::SUCCESS)
}
