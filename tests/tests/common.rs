//! Helpers: run the binary, parse its JSON.

use assert_cmd::Command;
use serde_json::Value;

/// The racelab binary with colour off.
pub fn racelab() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_racelab-under-test"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs racelab with `args`, expects exit `code`, returns the parsed JSON on stdout.
pub fn json(args: &[&str], code: i32) -> Value {
    let output = racelab().args(args).arg("--json").output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// Runs racelab with `args`, expects exit 2, returns stderr.
pub fn refused(args: &[&str]) -> String {
    let output = racelab().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
    stderr
}

/// Runs racelab with `args`, expects exit 0, returns stdout.
pub fn stdout_of(args: &[&str]) -> String {
    let output = racelab().args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}
