//! Builds a student's file into a grader (the racelab-grader package) and runs explorations in it.
//!
//! cargo compiles the file as it is on disk now, so the student never runs anything but
//! `racelab exercise check`. A file that does not compile yields the compiler's messages.

use super::{files, Exercise};
use racelab_core::explore::ExploreRequest;
use racelab_core::{Error, LabInfo, Report};
use racelab_labs::worker::{self, Job};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A grader built from one student file: an executable that serves explorations.
#[derive(Debug)]
pub struct Grader {
    exe: PathBuf,
}

/// The cargo profile the grader is built with: `RACELAB_GRADER_PROFILE`, or racelab's own.
pub(crate) fn profile() -> String {
    std::env::var("RACELAB_GRADER_PROFILE").unwrap_or_else(|_| {
        if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        }
        .to_string()
    })
}

/// Which packages cargo resolves the grader's features with. A student's build needs only the
/// grader's. Under the test suite (the `test` profile) the grader resolves them as `cargo test
/// --workspace` did, so that it reuses that build instead of compiling every lab again.
pub(crate) fn packages(profile: &str) -> &'static [&'static str] {
    if profile == "test" {
        &["--workspace", "--tests"]
    } else {
        &["-p", "racelab-grader"]
    }
}

/// Builds `working` (the student's copy of `exercise`). `Ok(Err(messages))` when it does not
/// compile; `Err` when cargo itself could not run.
pub fn build(
    root: &Path,
    exercise: &Exercise,
    info: &LabInfo,
    working: &Path,
) -> Result<Result<Grader, String>, Error> {
    let failed = |what: String| Error::Failed(what);
    let (target, lock) = build_lock(root)?;
    let working = working
        .canonicalize()
        .map_err(|e| failed(format!("cannot find {}: {e}", working.display())))?;
    let (mut child, errors) = cargo(
        root,
        info,
        "json-render-diagnostics",
        ("RACELAB_EXERCISE_FILE", working.as_os_str()),
    )
    .map_err(|e| failed(format!("cannot run cargo to build your file: {e}")))?;
    let started = std::time::Instant::now();
    let spinner = building();
    let mut messages = String::new();
    if let Some(stdout) = child.stdout.take() {
        let mut compiled = 0;
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
            if line.contains("\"reason\":\"compiler-artifact\"") {
                compiled += 1;
                spinner.set_message(format!("building your file with cargo: {compiled} crates"));
            }
            messages.push_str(&line);
            messages.push('\n');
        }
    }
    spinner.finish_and_clear();
    if started.elapsed().as_secs() >= 10 {
        eprintln!("built in {} s", started.elapsed().as_secs());
    }
    let status = child
        .wait()
        .map_err(|e| failed(format!("lost cargo: {e}")))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        return Ok(Err(errors));
    }
    let built = executable(&messages).ok_or_else(|| {
        failed(format!(
            "cargo built the grader but did not say where it is: {errors}"
        ))
    })?;
    // A copy of its own, so that another check rebuilding the package cannot swap it.
    let exe = target.join(format!("{}-grader-{}", exercise.name, std::process::id()));
    std::fs::copy(&built, &exe)
        .map_err(|e| failed(format!("cannot copy the grader to {}: {e}", exe.display())))?;
    drop(lock);
    Ok(Ok(Grader { exe }))
}

/// The graders' folder, and its lock, taken: one build at a time, since every check and every
/// class builds the same package with different files.
pub(crate) fn build_lock(root: &Path) -> Result<(PathBuf, File), Error> {
    let target = files::target(root).join("racelab-graders");
    std::fs::create_dir_all(&target)
        .map_err(|e| Error::Failed(format!("cannot create {}: {e}", target.display())))?;
    let lock = files::lock(&target.join("build.lock"))?;
    Ok((target, lock))
}

/// cargo building the grader with `file` (the student's file, or a class's manifest) in its
/// environment; its JSON messages (`format`) on the child's stdout, its stderr gathered by a
/// thread. The other of the two variables is removed, so that a class is never built with a
/// student's file of an earlier check, or the other way round.
pub(crate) fn cargo(
    root: &Path,
    info: &LabInfo,
    format: &str,
    file: (&str, &std::ffi::OsStr),
) -> std::io::Result<(Child, std::thread::JoinHandle<String>)> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let profile = profile();
    let mut command = Command::new(cargo);
    command
        .args(["build", "--quiet"])
        .args(packages(&profile))
        .args(["--bin", "racelab-grader", "--profile", &profile])
        .arg(format!("--message-format={format}"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", files::target(root))
        .env_remove("RACELAB_EXERCISE_FILE")
        .env_remove("RACELAB_CLASS_MANIFEST")
        .env(file.0, file.1)
        .env("RACELAB_EXERCISE_CRATE", info.crate_name.replace('-', "_"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn()?;
    let mut stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    Ok((child, errors))
}

/// A spinner on a terminal while cargo builds (the first build compiles racelab's checkers: a
/// minute or two), with the crates compiled so far and the time spent; nothing elsewhere.
fn building() -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    spinner.set_message("building your file with cargo (the first build takes a minute or two)");
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    spinner
}

/// The grader's executable in cargo's JSON messages (which, under the test suite, also name
/// every test binary).
pub(crate) fn executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter(|m| m["target"]["name"] == "racelab-grader")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

impl Grader {
    /// Runs one exploration of `lab` in the grader, killed after the request's time limit.
    pub fn explore(&self, lab: &str, request: &ExploreRequest) -> Result<Report, Error> {
        let limit = request
            .budget
            .time_limit
            .unwrap_or(super::grade::TIME_LIMIT);
        let job = Job::Explore {
            lab: lab.to_string(),
            request: request.clone(),
        };
        worker::run_in(&self.exe, &[], &job, limit)
    }
}

impl Drop for Grader {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.exe);
    }
}
