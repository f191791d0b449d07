//! `racelab exercise check <name>`: build the student's file, model-check it, print the verdict.

use super::{check_working, Checked as Graded};
use crate::exercise::state::State;
use crate::exercise::{files, Exercise};
use racelab_core::Error;
use racelab_labs as labs;
use std::path::Path;
use std::process::ExitCode;

/// Checks the working copy: exit 0 verified, 1 not verified, 2 when it does not compile.
pub fn run(root: &Path, exercise: &Exercise) -> anyhow::Result<ExitCode> {
    match once(root, exercise)? {
        Checked::Verified => Ok(ExitCode::SUCCESS),
        Checked::NotVerified => Ok(ExitCode::from(1)),
        Checked::DoesNotCompile { shown } => Err(Error::BadInput(format!(
            "{shown} does not compile: fix the errors above, then run `racelab exercise check \
             {}` again",
            exercise.name
        ))
        .into()),
    }
}

/// What one check of the working copy found; the verdict is printed already.
pub enum Checked {
    /// Verified (or passed under loom): the exercise is solved.
    Verified,
    /// A counterexample, or a failure of the student's code.
    NotVerified,
    /// The compiler's messages are printed; `shown` is the file as the student knows it.
    DoesNotCompile {
        /// The working copy's path, as shown.
        shown: String,
    },
}

/// Builds the working copy (made from the stub if missing), grades it and prints the verdict.
pub fn once(root: &Path, exercise: &Exercise) -> anyhow::Result<Checked> {
    let info = labs::find(&exercise.lab)?.info();
    let (working, created) = files::ensure_working(root, exercise)?;
    let shown = crate::checkout::shown(&working);
    if created {
        eprintln!("made {shown} from the stub: edit it, then check again");
    }
    eprintln!("building {shown} and exploring it...");
    let graded = match check_working(root, exercise, &working)? {
        Graded::Graded(graded) => graded,
        Graded::DoesNotCompile(messages) => {
            eprint!("{messages}");
            return Ok(Checked::DoesNotCompile { shown });
        }
    };
    let source = files::read(&working)?;
    let text = crate::exercise::verdict::text(exercise, info, &graded, &shown, &source);
    out!("{text}")?;
    if !exercise.hints.is_empty() && crate::exercise::verdict::shows_first_hint(&graded) {
        // The first hint was shown: `exercise hint` goes on with the second.
        let mut state = State::load(root);
        let shown = state.hints_shown.entry(exercise.name.clone()).or_default();
        *shown = (*shown).max(1);
        state.save(root)?;
    }
    Ok(if graded.verified() {
        Checked::Verified
    } else {
        Checked::NotVerified
    })
}
