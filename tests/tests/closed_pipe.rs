//! A closed stdout ends racelab quietly: exit 0 for what was printed, never a panic.

use std::process::{Command, Stdio};

/// Runs racelab with `args` writing into a pipe whose reader has already gone, so that its
/// first write fails (deterministically, unlike `| head -1`).
fn into_a_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_racelab-under-test"))
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

#[test]
fn every_command_ends_quietly_when_its_reader_has_gone() {
    let work = tempfile::tempdir().unwrap();
    let html = work.path().join("lesson.html");
    for args in [
        vec!["list"],
        vec!["explore", "counter"],
        vec!["explore", "counter", "--json"],
        vec!["explore", "bank", "--variant", "mutex"],
        vec!["run", "counter", "--trials", "3"],
        vec!["explain", "counter", "--no-run"],
        vec!["explain", "processes", "--no-run"],
        vec![
            "explain",
            "counter",
            "--no-run",
            "--html",
            html.to_str().unwrap(),
        ],
        vec!["exercise", "list"],
        vec!["exercise", "next"],
        vec!["play", "bank", "--moves", "1,2"],
        vec![
            "replay",
            "counter",
            "--schedule",
            "sc1:counter:racy:threads=2,iters=1:a3b2c3ba4",
        ],
        vec!["--help"],
    ] {
        let (code, stderr) = into_a_closed_pipe(&args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_ne!(code, Some(101), "{args:?}: {stderr}");
        assert!(
            matches!(code, Some(0 | 1)),
            "{args:?}: exit {code:?}: {stderr}"
        );
    }
}
