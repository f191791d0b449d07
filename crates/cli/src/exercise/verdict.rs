//! The verdict on a student's file in words: verified or passed, or the counterexample with the
//! student's own lines and a hint.

use super::{Cause, Exercise, Grade};
use crate::render;
use crate::style;
use crate::words;
use racelab_core::{Checker, LabInfo, Report};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

/// The verdict as the student reads it: the same for `exercise check` and a class's gradebook.
pub fn text(
    exercise: &Exercise,
    info: &LabInfo,
    graded: &Grade,
    shown: &str,
    source: &str,
) -> String {
    let mut out = String::new();
    let model = exercise.model.describe(info);
    match graded {
        Grade::Verified {
            model: small,
            bigger,
        } => {
            let (word, judge) = if small.checker == Some(Checker::Loom) {
                (
                    style::passed("passed:"),
                    "every behaviour loom explores under weak memory (loom models Relaxed, \
                     Release and Acquire; its reduction can miss interleavings, loom#392)",
                )
            } else {
                (
                    style::proven("verified:"),
                    "every sequentially consistent behaviour (racelab's SC checker)",
                )
            };
            let _ = writeln!(
                out,
                "{word} the invariant holds in {} of {model}: {judge}",
                words::all(small.executions, "executions")
            );
            if let (Some(bigger), Some(size)) = (bigger, &exercise.bigger) {
                let _ = writeln!(
                    out,
                    "          and in {} of {}",
                    words::all(bigger.executions, "executions"),
                    size.describe(info)
                );
            }
            let _ = writeln!(out, "invariant: {}", exercise.invariant);
            let stronger = exercise
                .weakest
                .as_ref()
                .and_then(|weakest| weakest.note_for(&small.weak_orderings));
            if let Some(note) = stronger {
                let _ = writeln!(
                    out,
                    "\n{} {note}",
                    style::heading("correct, not the weakest:")
                );
            }
            let _ = writeln!(
                out,
                "\nexercise '{}' solved. Compare with the reference: racelab exercise show {} --solution",
                exercise.name, exercise.name
            );
        }
        Grade::Broken(report) => {
            broken(&mut out, exercise, info, report, shown, source);
            if let Some(hint) = stuck_hint(report) {
                let _ = writeln!(out, "\n{} {hint}", style::heading("hint:"));
            } else if shows_first_hint(graded) {
                first_hint(&mut out, exercise);
            }
        }
        Grade::Failed {
            checker,
            message,
            cause,
            at_bigger,
            ..
        } => {
            let size = match (&exercise.bigger, at_bigger) {
                (Some(bigger), true) => {
                    format!("{}; verified at {model}", bigger.describe(info))
                }
                _ => model,
            };
            let _ = writeln!(
                out,
                "{} {message} ({}, {size})",
                style::verdict("not verified:"),
                checker.name()
            );
            let _ = writeln!(out, "\n{} {}", style::heading("hint:"), failed_hint(*cause));
        }
    }
    out
}

fn broken(
    out: &mut String,
    exercise: &Exercise,
    info: &LabInfo,
    report: &Report,
    shown: &str,
    source: &str,
) {
    let verdicts: BTreeSet<&str> = report
        .outcomes
        .iter()
        .filter(|row| row.is_violation())
        .flat_map(|row| row.verdict.split(", "))
        .collect();
    let size = match &exercise.bigger {
        Some(bigger)
            if exercise
                .model
                .params(info)
                .is_ok_and(|p| p != report.params) =>
        {
            bigger.describe(info)
        }
        _ => exercise.model.describe(info),
    };
    let _ = writeln!(
        out,
        "{} {} of {} executions broke the invariant ({}, {size}): {}",
        style::verdict("not verified:"),
        report.violations,
        report.executions,
        report.checker.map(|c| c.name()).unwrap_or("checker"),
        verdicts.into_iter().collect::<Vec<_>>().join(", "),
    );
    let _ = writeln!(out, "invariant: {}\n", exercise.invariant);
    let Some(cx) = &report.counterexample else {
        return;
    };
    out.push_str(&render::timeline(cx, info));
    let file_name = Path::new(shown).file_name();
    let lines: BTreeSet<u32> = cx
        .steps
        .iter()
        .filter(|step| Path::new(step.file.as_ref()).file_name() == file_name)
        .map(|step| step.line)
        .collect();
    if !lines.is_empty() {
        let _ = writeln!(out, "\nyour code in this interleaving ({shown}):");
        let text: Vec<&str> = source.lines().collect();
        for line in lines {
            let code = text
                .get(line as usize - 1)
                .copied()
                .unwrap_or("")
                .trim_end();
            let _ = writeln!(out, "{:>4} | {code}", style::dim(&line.to_string()));
        }
    }
}

/// Whether [`text`] shows the exercise's first hint: after a counterexample that is not a wait
/// for ever (the exercise's hints read the timeline of the race it teaches).
pub fn shows_first_hint(graded: &Grade) -> bool {
    matches!(graded, Grade::Broken(report)
        if report.counterexample.is_some() && stuck_hint(report).is_none())
}

/// The hint for a deadlock: true of every one (one thread stuck or many, on locks or on
/// waiting primitives), since the exercise's hints are about the race it teaches.
const DEADLOCK_HINT: &str = "a thread waits for ever: no thread left to run will release, signal \
                             or notify what it waits for. Read the end of the timeline: what does \
                             each waiting thread wait for, and which step was to give it?";

/// The hint for a counterexample where threads wait forever: the exercise's hints are about the
/// race, not about this.
fn stuck_hint(report: &Report) -> Option<&'static str> {
    let verdict = &report.counterexample.as_ref()?.verdict;
    if verdict.contains(racelab_core::explore::dpor::HANG) {
        Some(
            "a thread waits for a cell to change, and no other thread will ever change it: \
             which value does it wait for, and which thread was to write it?",
        )
    } else if verdict.contains(racelab_core::explore::dpor::DEADLOCK) {
        Some(DEADLOCK_HINT)
    } else {
        None
    }
}

/// The hint for code that never gave a verdict: about what it did, since there is no timeline.
fn failed_hint(cause: Cause) -> &'static str {
    match cause {
        Cause::Deadlock => DEADLOCK_HINT,
        Cause::TimedOut => {
            "an execution never ended: does a loop wait for a value no other thread will write, \
             or a thread sleep, or wait on what racelab cannot see and that never comes (a \
             std::sync lock taken twice, a channel)?"
        }
        Cause::Unfinished => {
            "the checker runs the code thousands of times: a sleep or a long loop in each \
             execution makes the whole slow; keep every step short, and make every loop end"
        }
        Cause::TooManyExecutions => {
            "the checker explores every interleaving that can change the result, and loops that \
             retry multiply them: a thread that spins, or tries again after losing a \
             compare-exchange, is explored at every point another thread could make it lose. A \
             thread waiting for a lock from the lab (`Lock`) adds no interleavings of its own."
        }
        Cause::OutOfMemory => {
            "the code allocated more memory than the grader allows: what grows without end?"
        }
        Cause::Panicked | Cause::Crashed => {
            "the code stopped before the checker could finish: does it panic, unwrap a None or \
             an Err, recurse without end (a stack overflow), or call process::exit?"
        }
    }
}

fn first_hint(out: &mut String, exercise: &Exercise) {
    if let Some(hint) = exercise.hints.first() {
        let _ = writeln!(out, "\n{} {hint}", style::heading("hint:"));
        let _ = writeln!(
            out,
            "{}",
            style::dim(&format!(
                "more: racelab exercise hint {}   the task: racelab exercise show {}",
                exercise.name, exercise.name
            ))
        );
    }
}
