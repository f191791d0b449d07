//! Runs each exploration in a child process (racelab re-executing itself, or an exercise's
//! grader), and the child's side of it.
//!
//! loom and shuttle both install process-wide panic hooks that misreport each other's panics,
//! and loom aborts the process (uncatchably) when a deadlock unwinds through one of its `Arc`s.
//! A child per exploration sidesteps all of it, and lets the parent enforce a wall-clock limit.

use racelab_core::explore::{token, ExploreRequest};
use racelab_core::{AnyLab, Error, Lab, Report};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// One unit of model-checking work.
#[derive(Debug, Serialize, Deserialize)]
pub enum Job {
    /// `racelab explore`.
    Explore {
        /// The lab id.
        lab: String,
        /// What to explore.
        request: ExploreRequest,
    },
    /// `racelab replay`.
    Replay {
        /// The lab id.
        lab: String,
        /// The token as given.
        token: String,
    },
}

/// What the child answers: the report, or the error, as they are.
type Reply = Result<Report, Error>;

/// Extra wall time the child gets beyond the exploration's own limit (start-up, the search for
/// the simplest counterexample).
const GRACE: Duration = Duration::from_secs(30);

/// Runs `job` in a child process of this very binary (`<binary> __worker`), and returns its
/// report; kills the child after `wall_limit`.
pub fn run_isolated(job: &Job, wall_limit: Duration) -> Result<Report, Error> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::Failed(format!("cannot find racelab itself: {e}")))?;
    run_in(&exe, &["__worker"], job, wall_limit)
}

/// Runs `job` in `program args` (a worker: racelab itself, or an exercise's grader).
pub fn run_in(
    program: &Path,
    args: &[&str],
    job: &Job,
    wall_limit: Duration,
) -> Result<Report, Error> {
    let failed = |what: String| Error::Failed(what);
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot start the exploration process: {e}")))?;
    let input = serde_json::to_vec(job).map_err(|e| failed(e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(&input)
            .map_err(|e| failed(format!("cannot talk to the exploration process: {e}")))?;
    }
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let errors = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = stderr.read_to_string(&mut err);
        err
    });
    let limit = wall_limit + GRACE;
    let status = match child.wait_timeout(limit) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::TimedOut {
                seconds: limit.as_secs(),
            });
        }
        Err(e) => return Err(failed(format!("lost the exploration process: {e}"))),
    };
    let out = reader.join().ok().and_then(Result::ok).unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    serde_json::from_slice::<Reply>(&out).unwrap_or_else(|_| {
        let last = (err.lines().rev())
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        Err(failed(format!(
            "the exploration process crashed ({status}): {last}"
        )))
    })
}

/// The child's side for the registered labs.
pub fn serve() -> ExitCode {
    serve_with(crate::find)
}

/// The main of an exercise's grader: serves explorations of `lab` (the student's code as its
/// one variant), as `racelab __worker` does for the registered labs.
pub fn serve_exercise<L: Lab>(lab: L) -> ExitCode {
    let lab: &'static dyn AnyLab = Box::leak(Box::new(lab));
    serve_with(|_| Ok(lab))
}

/// The child's side: reads one job from stdin, finds its lab, prints one reply on stdout.
pub fn serve_with(find: impl Fn(&str) -> Result<&'static dyn AnyLab, Error>) -> ExitCode {
    let mut input = String::new();
    let reply: Reply = match std::io::stdin().read_to_string(&mut input) {
        Ok(_) => serde_json::from_str::<Job>(&input)
            .map_err(|e| Error::Failed(format!("bad job: {e}")))
            .and_then(|job| perform(&job, find)),
        Err(e) => Err(Error::Failed(format!("cannot read the job: {e}"))),
    };
    let text = serde_json::to_string(&reply).unwrap_or_default();
    println!("{text}");
    ExitCode::SUCCESS
}

fn perform(
    job: &Job,
    find: impl Fn(&str) -> Result<&'static dyn AnyLab, Error>,
) -> Result<Report, Error> {
    match job {
        Job::Explore { lab, request } => find(lab)?.explore(request),
        Job::Replay { lab, token } => find(lab)?.replay(&token::decode(token)?),
    }
}
