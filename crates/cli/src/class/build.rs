//! Builds a whole class's submissions of one exercise into one grader: each file a module of the
//! racelab-grader package (see its build.rs), compiled together. A file that does not compile is
//! found from cargo's JSON diagnostics, set aside with the compiler's first error, and the rest
//! are built again without it. A build that fails naming no file (a linker's error) or does not
//! finish in time is split in halves, built apart, until the files that stop it are found.

use super::submissions::Submission;
use crate::exercise::{grader, Exercise};
use racelab_core::{Error, LabInfo};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The built grader: one executable serving every submission that compiled.
#[derive(Debug)]
pub struct ClassGrader {
    /// The executable; its first argument names the submission's module.
    pub exe: PathBuf,
    /// Each student's module in it.
    pub modules: BTreeMap<String, String>,
}

/// What building a class found.
#[derive(Debug)]
pub struct Built {
    /// The grader, if anything compiled.
    pub grader: Option<ClassGrader>,
    /// The students whose file does not compile, with the compiler's first error.
    pub refused: BTreeMap<String, String>,
}

/// Builds `submissions` of `exercise` in `dir` (copies of the files, the manifest, the grader),
/// each cargo build stopped after `limit`.
pub fn build(
    root: &Path,
    exercise: &Exercise,
    info: &LabInfo,
    submissions: &[&Submission],
    dir: &Path,
    limit: Duration,
    progress: &indicatif::ProgressBar,
) -> Result<Built, Error> {
    let failed = |what: String| Error::Failed(what);
    let copies = dir.join("copies");
    std::fs::create_dir_all(&copies)
        .map_err(|e| failed(format!("cannot create {}: {e}", copies.display())))?;
    // Each file is copied once: what is graded is what was there when grading began.
    let mut pending: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for (at, submission) in submissions.iter().enumerate() {
        let module = format!("m{at:04}");
        // Under its own name, so that the steps of a counterexample name the student's file; a
        // name that is not plain text (not UTF-8, control characters) under the exercise's name.
        let plain = (submission.path.file_name())
            .and_then(|name| name.to_str())
            .filter(|name| !name.chars().any(char::is_control))
            .map(str::to_string);
        let name = plain.unwrap_or_else(|| format!("{}.rs", exercise.name));
        let copy = copies.join(&module).join(name);
        std::fs::create_dir_all(copies.join(&module))
            .and_then(|()| std::fs::read(&submission.path))
            .and_then(|text| write_if_changed(&copy, &text))
            .map_err(|e| failed(format!("cannot copy {}: {e}", submission.path.display())))?;
        pending.insert(module, (submission.student.clone(), copy));
    }
    let shown = |student: &str, copy: &Path, error: &str| {
        let file = (submissions.iter())
            .find(|s| s.student == student)
            .map_or(String::new(), |s| s.file.clone());
        error.replace(&copy.display().to_string(), &file)
    };
    // A file that did not compile when this class was last graded, and has not changed since,
    // still does not: its error was kept beside its copy.
    let mut refused = BTreeMap::new();
    pending.retain(
        |_, (student, copy)| match std::fs::read_to_string(error_of(copy)) {
            Ok(error) => {
                refused.insert(student.clone(), shown(student, copy, &error));
                false
            }
            Err(_) => true,
        },
    );
    let (_, lock) = grader::build_lock(root)?;
    let builder = Builder {
        root,
        info,
        dir,
        limit,
        progress,
    };
    loop {
        if pending.is_empty() {
            return Ok(Built {
                grader: None,
                refused,
            });
        }
        progress.set_message(format!(
            "building {} submissions of {} with cargo",
            pending.len(),
            exercise.name
        ));
        match builder.build(&pending)? {
            Cargo::Built(exe) => {
                let own = dir.join("grader");
                // A grader of an earlier run may still be running (killed, but not yet gone):
                // its file is replaced, not written over.
                let _ = std::fs::remove_file(&own);
                std::fs::copy(&exe, &own)
                    .map_err(|e| failed(format!("cannot copy the grader: {e}")))?;
                drop(lock);
                let modules = pending
                    .into_iter()
                    .map(|(module, (student, _))| (student, module))
                    .collect();
                return Ok(Built {
                    grader: Some(ClassGrader { exe: own, modules }),
                    refused,
                });
            }
            Cargo::Errors(errors) => {
                for (module, error) in errors {
                    if let Some((student, copy)) = pending.remove(&module) {
                        let _ = std::fs::write(error_of(&copy), &error);
                        refused.insert(student.clone(), shown(&student, &copy, &error));
                    }
                }
            }
            Cargo::Unblamed(why) => {
                // Not a submission's doing if the grader does not build without any.
                if !matches!(builder.build_some(&pending, &[])?, Cargo::Built(_)) {
                    return Err(failed(format!(
                        "cargo could not build the class's grader even with no submission in \
                         it ({why}): is the racelab checkout itself broken? Try `cargo build`"
                    )));
                }
                let all: Vec<String> = pending.keys().cloned().collect();
                let found = isolate(&all, why.clone(), &mut |some| {
                    builder.build_some(&pending, some)
                })?;
                if found.is_empty() {
                    return Err(failed(format!(
                        "cargo could not build the class's grader, though each half of it \
                         builds: {why}"
                    )));
                }
                for (module, error) in found {
                    if let Some((student, copy)) = pending.remove(&module) {
                        let _ = std::fs::write(error_of(&copy), &error);
                        refused.insert(student.clone(), shown(&student, &copy, &error));
                    }
                }
            }
        }
    }
}

/// What every build of one class shares.
struct Builder<'a> {
    root: &'a Path,
    info: &'a LabInfo,
    dir: &'a Path,
    limit: Duration,
    progress: &'a indicatif::ProgressBar,
}

/// The modules still to build: each one's student and copy.
type Pending = BTreeMap<String, (String, PathBuf)>;

impl Builder<'_> {
    /// Builds the grader with `modules` of `pending`.
    fn build_some(&self, pending: &Pending, modules: &[String]) -> Result<Cargo, Error> {
        let manifest = self.dir.join("manifest");
        let listed: String = (modules.iter())
            .filter_map(|module| Some((module, &pending.get(module)?.1)))
            .map(|(module, copy)| format!("{module}\t{}\n", copy.display()))
            .collect();
        write_if_changed(&manifest, listed.as_bytes())
            .map_err(|e| Error::Failed(format!("cannot write {}: {e}", manifest.display())))?;
        if !modules.is_empty() && modules.len() < pending.len() {
            self.progress.set_message(format!(
                "a build failed naming no file: building {} of the submissions apart to find \
                 the one that stops it",
                modules.len()
            ));
        }
        build_once(self.root, self.info, &manifest, self.limit)
    }

    fn build(&self, pending: &Pending) -> Result<Cargo, Error> {
        let all: Vec<String> = pending.keys().cloned().collect();
        self.build_some(pending, &all)
    }
}

/// The modules among `modules` (whose build failed for `why`, naming none) that stop a build
/// on their own, each with why, or with the compiler's error if a part's build names it: halves
/// are built apart (`build`) until each culprit stands alone.
fn isolate(
    modules: &[String],
    why: String,
    build: &mut impl FnMut(&[String]) -> Result<Cargo, Error>,
) -> Result<Vec<(String, String)>, Error> {
    if let [module] = modules {
        return Ok(vec![(module.clone(), why)]);
    }
    let mut found = Vec::new();
    for half in modules.chunks(modules.len().div_ceil(2)) {
        match build(half)? {
            Cargo::Built(_) => {}
            Cargo::Errors(errors) => found.extend(errors),
            Cargo::Unblamed(why) => found.extend(isolate(half, why, build)?),
        }
    }
    Ok(found)
}

/// Writes `text` to `path` unless it holds it already: cargo then sees nothing new, and a class
/// graded again is not built again.
/// A copy's compiler error is forgotten when the copy changes.
fn write_if_changed(path: &Path, text: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let _ = std::fs::remove_file(error_of(path));
    std::fs::write(path, text)
}

/// Where the compiler's first error about a copy is kept: beside it, under its name (a slot may
/// hold another student's copy from an earlier run, whose error is not this one's).
fn error_of(copy: &Path) -> PathBuf {
    let mut name = copy.file_name().unwrap_or_default().to_os_string();
    name.push(".compiler-error");
    copy.with_file_name(name)
}

/// What one cargo build gave.
enum Cargo {
    /// The grader's executable.
    Built(PathBuf),
    /// The first error of each module the compiler blamed.
    Errors(BTreeMap<String, String>),
    /// A failure that names no module (a linker's error), or a build stopped at its time limit:
    /// what cargo said, or that it was stopped.
    Unblamed(String),
}

/// One cargo build of the grader with the modules `manifest` lists, stopped (with everything it
/// started) after `limit`.
fn build_once(
    root: &Path,
    info: &LabInfo,
    manifest: &Path,
    limit: Duration,
) -> Result<Cargo, Error> {
    let failed = |what: String| Error::Failed(what);
    let (mut child, cargo_errors) = grader::cargo(
        root,
        info,
        "json",
        ("RACELAB_CLASS_MANIFEST", manifest.as_os_str()),
    )
    .map_err(|e| failed(format!("cannot run cargo to build the class's grader: {e}")))?;
    let stdout = child.stdout.take().expect("piped");
    let (checkers_built, built) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut errors = BTreeMap::new();
        let mut messages = String::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) {
                if let Some((module, error)) = blamed(&message) {
                    errors.entry(module).or_insert(error);
                }
                if message["reason"] == "compiler-artifact"
                    && message["target"]["name"] == "racelab_labs"
                {
                    let _ = checkers_built.send(());
                }
            }
            messages.push_str(&line);
            messages.push('\n');
        }
        (errors, messages)
    });
    // The limit is the submissions' own: it starts once racelab's checkers are built (the last
    // crate before the grader's), however long they took.
    let _ = built.recv();
    let waited = wait_timeout::ChildExt::wait_timeout(&mut child, limit);
    let status = match waited {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            super::process_tree::kill_tree(child.id());
            let _ = child.wait();
            return match waited {
                Ok(_) => Ok(Cargo::Unblamed(format!(
                    "its build did not finish in {} s (see --build-limit)",
                    limit.as_secs()
                ))),
                Err(e) => Err(failed(format!("lost cargo: {e}"))),
            };
        }
    };
    let (errors, messages) = reader.join().unwrap_or_default();
    let cargo_errors = cargo_errors.join().unwrap_or_default();
    if status.success() {
        return grader::executable(&messages)
            .map(Cargo::Built)
            .ok_or_else(|| {
                failed(format!(
                    "cargo built the class's grader but did not say where it is: {cargo_errors}"
                ))
            });
    }
    if errors.is_empty() {
        return Ok(Cargo::Unblamed(first_error(&messages, &cargo_errors)));
    }
    Ok(Cargo::Errors(errors))
}

/// The first error of a build that failed naming no module, in one line: the compiler's (a
/// linker's error is one, without a span), else cargo's.
fn first_error(messages: &str, cargo_errors: &str) -> String {
    let compiler = (messages.lines())
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
        .find_map(|m| m["message"]["message"].as_str().map(str::to_string));
    let first = compiler.or_else(|| {
        let line = cargo_errors.lines().find(|l| l.contains("error"));
        line.map(|l| l.trim().to_string())
    });
    let first = first.unwrap_or_else(|| "cargo failed with no message".into());
    first.lines().next().unwrap_or_default().to_string()
}

/// The module a compiler error is about (a file of the class's, or a wrapper generated for one),
/// and the error in one line with where it is.
fn blamed(message: &serde_json::Value) -> Option<(String, String)> {
    let diagnostic = &message["message"];
    if message["reason"] != "compiler-message" || diagnostic["level"] != "error" {
        return None;
    }
    let spans = diagnostic["spans"].as_array()?;
    let (module, place) = spans.iter().find_map(module_of)?;
    let text = diagnostic["message"].as_str().unwrap_or("error");
    let code = diagnostic["code"]["code"]
        .as_str()
        .map_or(String::new(), |code| format!("[{code}]"));
    Some((module, format!("error{code}: {text} ({place})")))
}

/// The module a span (or the macro call it was expanded from) lies in, and where: a copy
/// (`copies/<module>/<file>`) or a generated wrapper (`class/<module>.rs`).
fn module_of(span: &serde_json::Value) -> Option<(String, String)> {
    let file = span["file_name"].as_str().unwrap_or("");
    let path = Path::new(file);
    let name = |path: Option<&Path>| {
        path.and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    };
    let is_module =
        |m: &str| m.len() > 1 && m.starts_with('m') && m[1..].bytes().all(|b| b.is_ascii_digit());
    let parent = name(path.parent());
    if is_module(&parent) && name(path.parent().and_then(Path::parent)) == "copies" {
        let place = format!(
            "{file}:{}:{}",
            span["line_start"].as_u64().unwrap_or(0),
            span["column_start"].as_u64().unwrap_or(0)
        );
        return Some((parent, place));
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if is_module(stem) && parent == "class" {
        let place = "where racelab calls it: keep the exercise's function, its name and signature"
            .to_string();
        return Some((stem.to_string(), place));
    }
    if span["expansion"].is_null() {
        return None;
    }
    module_of(&span["expansion"]["span"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_that_stop_a_build_naming_none_are_found_by_halves() {
        let modules: Vec<String> = (0..16).map(|i| format!("m{i:04}")).collect();
        let mut builds = 0;
        let mut build = |some: &[String]| {
            builds += 1;
            let bad = some
                .iter()
                .find(|m| ["m0003", "m0012"].contains(&m.as_str()));
            Ok(match bad {
                Some(m) if m == "m0012" => Cargo::Unblamed("the build did not finish".into()),
                Some(_) => Cargo::Unblamed("linking failed".into()),
                None => Cargo::Built(PathBuf::new()),
            })
        };
        let found = isolate(&modules, "linking failed".into(), &mut build).unwrap();
        assert_eq!(
            found,
            [
                ("m0003".to_string(), "linking failed".to_string()),
                ("m0012".to_string(), "the build did not finish".to_string())
            ]
        );
        // Two culprits among 16: each found in 4 halvings, two builds each at most.
        assert!(builds <= 16, "{builds} builds");
    }

    #[test]
    fn a_compiler_error_belongs_to_its_copy_not_to_its_slot() {
        // Run 1 put ann.rs in slot m0000; run 2 put aaa.rs there, which did not compile; run 3
        // puts ann.rs back, unchanged: aaa's error is not ann's.
        let dir = tempfile::tempdir().unwrap();
        let (ann, aaa) = (dir.path().join("ann.rs"), dir.path().join("aaa.rs"));
        write_if_changed(&ann, b"pub fn increment() {}").unwrap();
        write_if_changed(&aaa, b"use x;").unwrap();
        std::fs::write(error_of(&aaa), "error[E0432]: unresolved import `x`").unwrap();
        write_if_changed(&ann, b"pub fn increment() {}").unwrap();
        assert!(!error_of(&ann).exists());
        assert!(error_of(&aaa).exists(), "aaa's error stays with aaa");
        write_if_changed(&aaa, b"use y;").unwrap();
        assert!(!error_of(&aaa).exists(), "a changed copy forgets its error");
    }
}
