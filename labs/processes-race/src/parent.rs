//! The parent's side: per trial, a fresh temporary folder with the counter file, N children, and
//! the accounting. The folder is removed when the trial ends, also when a child fails.

use crate::child::ChildArgs;
use crate::variants::{read_counter, write_counter};
use crate::INFO;
use racelab_core::runner::{real_report, RunRequest};
use racelab_core::{Error, FirstViolation, OutcomeTable, Report, State, Trial, MAX_REAL_THREADS};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The most increments a process may do (each is a read and a write of a file).
pub const MAX_INCREMENTS: u64 = 1_000_000;

fn check(request: &RunRequest) -> Result<(), Error> {
    INFO.find_variant(&request.variant)?;
    let p = &request.params;
    if p.threads == 0 || p.threads > MAX_REAL_THREADS {
        return Err(Error::BadInput(format!(
            "--threads {}: the processes lab starts 1 to {MAX_REAL_THREADS} processes",
            p.threads
        )));
    }
    if p.iters == 0 || p.iters > MAX_INCREMENTS {
        return Err(Error::BadInput(format!(
            "--iters {}: each process does 1 to {MAX_INCREMENTS} increments",
            p.iters
        )));
    }
    if !(1..=10_000).contains(&request.trials) {
        return Err(Error::BadInput(format!(
            "--trials {}: use from 1 to 10000 (each trial starts processes)",
            request.trials
        )));
    }
    Ok(())
}

/// One trial: the counter the parent observes afterwards.
fn trial(request: &RunRequest, exe: &Path) -> Result<i64, Error> {
    let failed = |what: String| Error::Failed(what);
    let folder =
        tempfile::tempdir().map_err(|e| failed(format!("cannot make a temporary folder: {e}")))?;
    let path = folder.path().join("counter");
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| failed(format!("cannot create {}: {e}", path.display())))?;
    write_counter(&mut file, 0).map_err(|e| failed(e.to_string()))?;
    let args = ChildArgs {
        variant: request.variant.clone(),
        file: path.clone(),
        increments: request.params.iters,
        window: request.window,
    };
    let children: Vec<_> = (0..request.params.threads)
        .map(|_| {
            Command::new(exe)
                .arg("__process")
                .args(args.to_args())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
        })
        .collect();
    let mut problems = Vec::new();
    for child in children {
        match child.and_then(|c| c.wait_with_output()) {
            Ok(out) if out.status.success() => {}
            Ok(out) => problems.push(String::from_utf8_lossy(&out.stderr).trim().to_string()),
            Err(e) => problems.push(format!("cannot start a child process: {e}")),
        }
    }
    if let Some(problem) = problems.first() {
        return Err(failed(format!("a child process failed: {problem}")));
    }
    read_counter(&mut file).map_err(|e| failed(e.to_string()))
}

/// Runs the trials with child processes of `exe` (racelab itself); `progress` after each one.
pub fn run(
    request: &RunRequest,
    exe: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Report, Error> {
    check(request)?;
    let started = Instant::now();
    let expected = request.params.total_iters();
    let (mut table, mut trials, mut first_violation) = (OutcomeTable::default(), Vec::new(), None);
    for done in 1..=request.trials {
        let observed = trial(request, exe)?;
        let lost = Trial::new(expected, observed);
        let violations = match lost.lost {
            0 => vec![],
            n if observed == 0 => {
                vec![format!(
                    "the parent's counter did not move ({n} increments in other processes' memory)"
                )]
            }
            1 => vec!["lost 1 update".to_string()],
            n => vec![format!("lost {n} updates")],
        };
        if first_violation.is_none() && !violations.is_empty() {
            first_violation = Some(FirstViolation {
                execution: done,
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            });
        }
        table.add(
            State::from([("counter".to_string(), observed)]),
            &violations,
        );
        trials.push(lost);
        progress(done);
    }
    Ok(real_report(
        &INFO,
        request,
        &table,
        trials,
        first_violation,
        started,
    ))
}
