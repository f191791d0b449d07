//! `racelab exercise`: list, show, check, watch, hint and reset the synchronization exercises.

mod check;
mod grade_class;
mod hint;
mod list;
mod next;
mod reset;
mod show;
mod watch;

use crate::args::ExerciseCommand;
use crate::exercise::state::{self, Found, State};
use crate::exercise::{catalog, grade, grader, Exercise, Grade};
use racelab_core::Error;
use racelab_labs as labs;
use std::path::Path;
use std::process::ExitCode;

/// Runs one `racelab exercise` subcommand.
pub fn run(command: &ExerciseCommand) -> anyhow::Result<ExitCode> {
    let root = crate::checkout::root()?;
    match command {
        ExerciseCommand::List => list::run(&root),
        ExerciseCommand::Next => next::run(&root),
        ExerciseCommand::Show { name, solution } => show::run(&root, find(name)?, *solution),
        ExerciseCommand::Check { name } => check::run(&root, find(name)?),
        ExerciseCommand::Watch { name } => {
            let start = name.as_deref().map(find).transpose()?;
            watch::run(&root, start)
        }
        ExerciseCommand::Grade { .. } => grade_class::run(&root, command),
        ExerciseCommand::Hint { name, all } => hint::run(&root, find(name)?, *all),
        ExerciseCommand::Reset { name, force } => reset::run(&root, find(name)?, *force),
    }
}

fn find(name: &str) -> Result<&'static Exercise, Error> {
    catalog().find(name)
}

/// What checking a working copy found.
enum Checked {
    /// It compiled and was graded.
    Graded(Grade),
    /// It did not compile: the compiler's messages.
    DoesNotCompile(String),
}

impl Checked {
    /// What it found, as remembered.
    fn found(&self) -> Found {
        match self {
            Checked::Graded(graded) if graded.verified() => Found::Solved,
            Checked::Graded(_) => Found::Unsolved,
            Checked::DoesNotCompile(_) => Found::DoesNotCompile,
        }
    }
}

/// Builds the student's working copy of `exercise` and grades it; remembers what it found, of
/// which copy (see [`list`]).
fn check_working(root: &Path, exercise: &Exercise, working: &Path) -> Result<Checked, Error> {
    let info = labs::find(&exercise.lab)?.info();
    let key = state::Checked::key(&crate::exercise::files::read(working)?);
    let checked = match grader::build(root, exercise, info, working)? {
        Ok(grader) => Checked::Graded(grade(exercise, info, |request| {
            grader.explore(info.id, request)
        })?),
        Err(messages) => Checked::DoesNotCompile(messages),
    };
    let found = checked.found();
    let mut state = State::load(root);
    if found == Found::Solved {
        state.solved.insert(exercise.name.clone());
    }
    let remembered = state::Checked { key, found };
    state.checked.insert(exercise.name.clone(), remembered);
    state.save(root)?;
    Ok(checked)
}
