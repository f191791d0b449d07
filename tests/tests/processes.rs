//! The processes lab end to end, with real child processes of the racelab binary: the parent's
//! counter stays 0 with private memory, a locked file loses nothing, the accounting always adds
//! up, and temporary files are removed, also when a child fails.

use crate::common::racelab;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("racelab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(tmp: &Path, variant: &str, code: i32) -> Value {
    let output = racelab()
        .env("TMPDIR", tmp)
        .args([
            "run",
            "processes",
            "--variant",
            variant,
            "--trials",
            "3",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(code), "{variant}: {output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn processes_do_not_share_memory_and_a_file_lock_loses_nothing() {
    let tmp = scratch("processes");
    let private = run(&tmp, "private-memory", 1);
    for trial in private["trials"].as_array().unwrap() {
        assert_eq!(trial["observed"], 0, "the parent's counter never moves");
        assert_eq!(trial["lost"], trial["expected"]);
    }
    let locked = run(&tmp, "locked-file", 0);
    for trial in locked["trials"].as_array().unwrap() {
        assert_eq!(trial["lost"], 0);
        assert_eq!(trial["observed"], 800);
    }
    let output = racelab()
        .env("TMPDIR", &tmp)
        .args([
            "run",
            "processes",
            "--variant",
            "racy-file",
            "--trials",
            "3",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let racy: Value = serde_json::from_slice(&output.stdout).unwrap();
    for trial in racy["trials"].as_array().unwrap() {
        let (e, o, l) = (&trial["expected"], &trial["observed"], &trial["lost"]);
        assert_eq!(
            e.as_i64().unwrap() - o.as_i64().unwrap(),
            l.as_i64().unwrap()
        );
    }
    assert!(empty(&tmp), "every trial's temporary folder was removed");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_failing_child_gets_one_line_exit_2_and_leaves_no_files() {
    let tmp = scratch("failing-child");
    let output = racelab()
        .env("TMPDIR", &tmp)
        .env(processes_race::FAIL_ENV, "1")
        .args(["run", "processes", "--variant", "racy-file"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("a child process failed"), "{stderr}");
    assert!(empty(&tmp), "the temporary folder was removed");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn model_checking_processes_is_refused_with_a_reason() {
    let stderr = crate::common::refused(&["explore", "processes"]);
    assert!(stderr.contains("real processes"), "{stderr}");
    for bad in [
        &["--threads", "0"][..],
        &["--iters", "0"],
        &["--trials", "0"],
    ] {
        let args = [&["run", "processes"][..], bad].concat();
        crate::common::refused(&args);
    }
}
