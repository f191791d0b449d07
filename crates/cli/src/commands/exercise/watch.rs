//! `racelab exercise watch`: check the current exercise each time its file is saved, and move on
//! to the next one once it holds (rustlings' watch mode).
//!
//! The terminal stays in its normal mode (no raw mode, no alternate screen), so Ctrl-C ends
//! racelab and the cargo build under way, and leaves the terminal as it was.

use super::check::{self, Checked};
use crate::exercise::{catalog, files, state::State, Exercise};
use crate::style;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long a save may keep touching the file (editors write, rename and chmod) before it is
/// checked.
const SETTLE: Duration = Duration::from_millis(250);

/// Watches from `start` (or the first unsolved exercise) to the end of the course.
pub fn run(root: &Path, start: Option<&'static Exercise>) -> anyhow::Result<ExitCode> {
    let Some(mut exercise) = start.or_else(|| next_unsolved(root, None)) else {
        outln!("{}", finished())?;
        return Ok(ExitCode::SUCCESS);
    };
    let (sender, events) = channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })?;
    loop {
        let (working, _) = files::ensure_working(root, exercise)?;
        let folder = working.parent().unwrap_or(Path::new(".")).to_path_buf();
        watcher.watch(&folder, RecursiveMode::NonRecursive)?;
        introduce(exercise, &working)?;
        let mut checked = None;
        let watching = format!(
            "watching {}: save it to check again (Ctrl-C stops)",
            crate::checkout::shown(&working)
        );
        loop {
            if !working.exists() {
                outln!(
                    "{} is gone: save it again, or put the stub back with racelab exercise \
                     reset {}",
                    crate::checkout::shown(&working),
                    exercise.name
                )?;
                wait_for_save(&events, &working)?;
                if working.exists() {
                    outln!("{}", style::dim(&watching))?;
                }
                continue;
            }
            let text = files::read(&working)?;
            if checked.as_ref() != Some(&text) {
                checked = Some(text);
                if matches!(check::once(root, exercise)?, Checked::Verified) {
                    break;
                }
                outln!("\n{}", style::dim(&watching))?;
            }
            wait_for_save(&events, &working)?;
        }
        watcher.unwatch(&folder)?;
        match next_unsolved(root, Some(exercise)) {
            Some(next) => {
                outln!(
                    "\n{} on to the next exercise: {}\n",
                    style::proven(&format!("'{}' is solved:", exercise.name)),
                    style::heading(&next.name)
                )?;
                exercise = next;
            }
            None => {
                outln!("\n{}", finished())?;
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
}

/// The exercise's place in the course, its task and its file.
fn introduce(exercise: &Exercise, working: &Path) -> std::io::Result<()> {
    let course = &catalog().exercises;
    let place = course
        .iter()
        .position(|e| e.name == exercise.name)
        .map_or(0, |i| i + 1);
    outln!(
        "{}",
        style::heading(&format!(
            "exercise {place} of {}: {} (lab {})",
            course.len(),
            exercise.name,
            exercise.lab
        ))
    )?;
    outln!("{}", textwrap::fill(&exercise.task, 80))?;
    let edit = format!(
        "edit {} (the function `{}`); each save is checked. Stuck? racelab exercise hint {}",
        crate::checkout::shown(working),
        exercise.function,
        exercise.name
    );
    outln!("{}\n", textwrap::fill(&edit, 80))
}

/// Blocks until `working` was saved and the save has settled.
fn wait_for_save(events: &Receiver<notify::Result<Event>>, working: &Path) -> anyhow::Result<()> {
    let name: Option<PathBuf> = working.file_name().map(PathBuf::from);
    let touches = |event: &notify::Result<Event>| match event {
        Ok(event) => {
            !matches!(event.kind, EventKind::Access(_))
                && event
                    .paths
                    .iter()
                    .any(|p| p.file_name().map(PathBuf::from) == name)
        }
        // A watcher error (a queue overflow, say): check again rather than miss a save.
        Err(_) => true,
    };
    loop {
        let event = events.recv()?;
        if touches(&event) {
            break;
        }
    }
    loop {
        match events.recv_timeout(SETTLE) {
            Ok(_) => continue,
            Err(RecvTimeoutError::Timeout) => return Ok(()),
            Err(RecvTimeoutError::Disconnected) => {
                anyhow::bail!("the file watcher stopped")
            }
        }
    }
}

/// The first unsolved exercise after `after` in the course, wrapping round; from the start
/// when `after` is none.
fn next_unsolved(root: &Path, after: Option<&Exercise>) -> Option<&'static Exercise> {
    let solved = State::load(root).solved;
    let course = &catalog().exercises;
    let from = after
        .and_then(|a| course.iter().position(|e| e.name == a.name))
        .map_or(0, |i| i + 1);
    (from..course.len())
        .chain(0..from)
        .map(|i| &course[i])
        .find(|e| !solved.contains(&e.name))
}

/// What the watch says when the course is done.
fn finished() -> String {
    format!(
        "{} every exercise of the course is solved ({}). Well done.",
        style::proven("course complete:"),
        catalog().exercises.len()
    )
}
