//! Runs each exploration in a child process (racelab re-executing itself, or an exercise's
//! grader), and the child's side of it.
//!
//! loom and shuttle both install process-wide panic hooks that misreport each other's panics,
//! and loom aborts the process (uncatchably) when a deadlock unwinds through one of its `Arc`s.
//! A child per exploration sidesteps all of it, and lets the parent enforce a wall-clock limit.

use crate::sandbox::{self, Confinement, Limits};
use racelab_core::explore::{token, ExploreRequest};
use racelab_core::{AnyLab, Error, Lab, Report};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// One unit of model-checking work.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// What the parent sends: the job, the sandbox to enter first (grading a class), and the tag
/// the answer's line starts with. The tag is drawn afresh for each child and read before any
/// lab code runs, so code under test that prints to stdout (a debugging line, or a forged
/// report) cannot pass for the answer.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    tag: String,
    job: Job,
    sandbox: Option<Limits>,
}

/// What the child answers, after its tag: how it was confined, and the reply.
#[derive(Debug, Serialize, Deserialize)]
struct Answer {
    confinement: Option<Confinement>,
    reply: Reply,
}

/// Extra wall time the child gets beyond the exploration's own limit (start-up, the search for
/// the simplest counterexample).
const GRACE: Duration = Duration::from_secs(30);

/// How a crash that ran out of memory is reported (the start of the error's message).
pub const OUT_OF_MEMORY: &str = "the exploration process ran out of memory";

/// How a child started: the program, its arguments, its limits.
#[derive(Debug, Clone)]
pub struct Child<'a> {
    /// The worker: racelab itself, or an exercise's grader.
    pub program: &'a Path,
    /// Its arguments.
    pub args: &'a [&'a str],
    /// Killed after this, plus `grace`.
    pub wall_limit: Duration,
    /// Extra time beyond `wall_limit`.
    pub grace: Duration,
    /// The sandbox it enters before the job (grading a class). The child then runs in a process
    /// group of its own, killed whole when it is done, so nothing it started outlives it.
    pub sandbox: Option<&'a Limits>,
}

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
    let child = Child {
        program,
        args,
        wall_limit,
        grace: GRACE,
        sandbox: None,
    };
    run(&child, job).0
}

/// Runs `job` in `child`: its reply, and how the child said it was confined (`None` when it
/// did not answer, or was not asked to confine itself).
pub fn run(child: &Child, job: &Job) -> (Reply, Option<Confinement>) {
    match ask(child, job) {
        Ok(answer) => (answer.reply, answer.confinement),
        Err(error) => (Err(error), None),
    }
}

fn ask(spec: &Child, job: &Job) -> Result<Answer, Error> {
    let failed = |what: String| Error::Failed(what);
    let mut command = Command::new(spec.program);
    command
        .args(spec.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if spec.sandbox.is_some() {
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
    }
    let mut child = command
        .spawn()
        .map_err(|e| failed(format!("cannot start the exploration process: {e}")))?;
    let group = spec.sandbox.map(|_| child.id());
    let tag = fresh_tag();
    let request = Request {
        tag: tag.clone(),
        job: job.clone(),
        sandbox: spec.sandbox.cloned(),
    };
    let input = serde_json::to_vec(&request).map_err(|e| failed(e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A child that exits before reading its job closes the pipe: its answer says why.
        let _ = stdin.write_all(&input);
    }
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || tail(&mut stdout, ANSWER_TAIL));
    let errors = std::thread::spawn(move || {
        String::from_utf8_lossy(&tail(&mut stderr, 1 << 20)).into_owned()
    });
    let limit = spec.wall_limit + spec.grace;
    let waited = child.wait_timeout(limit);
    if !matches!(waited, Ok(Some(_))) {
        let _ = child.kill();
        let _ = child.wait();
    }
    // Whatever the child started goes with it (and lets go of its pipes).
    if let Some(group) = group {
        kill_group(group);
    }
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    let status = match waited {
        Ok(Some(status)) => status,
        Ok(None) => {
            return Err(Error::TimedOut {
                seconds: limit.as_secs(),
            })
        }
        Err(e) => return Err(failed(format!("lost the exploration process: {e}"))),
    };
    let out = String::from_utf8_lossy(&out);
    let answer = out
        .rfind(&tag)
        .and_then(|at| out[at + tag.len()..].lines().next());
    match answer.and_then(|line| serde_json::from_str::<Answer>(line).ok()) {
        Some(answer) => Ok(answer),
        None => Err(crashed(status, &err)),
    }
}

/// How much of the end of a child's stdout is kept: its answer is the last thing it prints, and
/// code under test that prints without end must not fill the parent's memory.
const ANSWER_TAIL: usize = 16 << 20;

/// The last `keep` bytes (or a little more) `from` gives before it closes.
fn tail(from: &mut impl Read, keep: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut chunk = vec![0; 64 << 10];
    loop {
        match from.read(&mut chunk) {
            Ok(0) => return kept,
            Ok(n) => kept.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return kept,
        }
        if kept.len() > 2 * keep {
            kept.drain(..kept.len() - keep);
        }
    }
}

/// What a child that did not answer did, from its exit status and the end of its stderr.
fn crashed(status: std::process::ExitStatus, stderr: &str) -> Error {
    let last = (stderr.lines().rev())
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message");
    if let Some(line) = stderr.lines().find(|l| l.contains("memory allocation of")) {
        return Error::Failed(format!("{OUT_OF_MEMORY} ({})", line.trim()));
    }
    if status.success() {
        return Error::Failed(format!(
            "the exploration process exited before it answered (exit status 0): {last}"
        ));
    }
    Error::Failed(format!(
        "the exploration process crashed ({status}): {last}"
    ))
}

/// Kills every process of the group `group` leads.
fn kill_group(group: u32) {
    if let Ok(pid) = i32::try_from(group) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

/// 128 bits nobody outside this process can guess: std's per-process random hash keys.
fn fresh_tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    let draw = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::UNIX_EPOCH
                .elapsed()
                .unwrap_or_default()
                .as_nanos(),
        );
        hasher.finish()
    };
    format!("racelab-answer-{:016x}{:016x} ", draw(), draw())
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

/// The child's side: reads one request from stdin, enters its sandbox if it names one, finds the
/// job's lab, prints one tagged answer on stdout.
pub fn serve_with(find: impl Fn(&str) -> Result<&'static dyn AnyLab, Error>) -> ExitCode {
    let mut input = String::new();
    let request = match std::io::stdin().read_to_string(&mut input) {
        Ok(_) => serde_json::from_str::<Request>(&input)
            .map_err(|e| Error::Failed(format!("bad job: {e}"))),
        Err(e) => Err(Error::Failed(format!("cannot read the job: {e}"))),
    };
    let (tag, answer) = match request {
        Ok(request) => {
            let confinement = request.sandbox.as_ref().map(sandbox::enter).transpose();
            let answer = match confinement {
                Ok(confinement) => Answer {
                    confinement,
                    reply: perform(&request.job, find),
                },
                Err(why) => Answer {
                    confinement: None,
                    reply: Err(Error::Failed(format!("{SANDBOX_FAILED}: {why}"))),
                },
            };
            (request.tag, answer)
        }
        Err(error) => (
            String::new(),
            Answer {
                confinement: None,
                reply: Err(error),
            },
        ),
    };
    let text = serde_json::to_string(&answer).unwrap_or_default();
    println!("{tag}{text}");
    ExitCode::SUCCESS
}

/// How a child that could not enter its sandbox says so (the start of the error's message).
pub const SANDBOX_FAILED: &str = "the grader could not enter its sandbox";

fn perform(
    job: &Job,
    find: impl Fn(&str) -> Result<&'static dyn AnyLab, Error>,
) -> Result<Report, Error> {
    match job {
        Job::Explore { lab, request } => find(lab)?.explore(request),
        Job::Replay { lab, token } => find(lab)?.replay(&token::decode(token)?),
    }
}

/// A submission in a class's grader: its module's name, and the function that serves it.
pub type Served = (&'static str, fn() -> ExitCode);

/// The main of a class's grader: serves the submission its first argument names.
pub fn serve_class(submissions: &[Served]) -> ExitCode {
    let wanted = std::env::args().nth(1).unwrap_or_default();
    match submissions.iter().find(|(name, _)| *name == wanted) {
        Some((_, serve)) => serve(),
        None => {
            eprintln!("no submission {wanted:?} in this grader");
            ExitCode::from(2)
        }
    }
}
