//! `racelab exercise watch` in a pseudo-terminal, as a student runs it: it checks the file at
//! the start, checks it again on each save, moves on to the next exercise once it holds, and
//! stops on Ctrl-C. The grader is built for real, as in `exercise`.

use rexpect::session::{spawn_command, PtySession};
use std::path::Path;
use std::process::Command;

/// Long enough for a cold build of the grader on a slow machine.
const TIMEOUT_MS: u64 = 300_000;

fn repo(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn watch(dir: &Path) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_racelab-under-test"));
    command
        .args(["exercise", "watch"])
        .env("NO_COLOR", "1")
        .env("RACELAB_EXERCISE_DIR", dir)
        .env("RACELAB_GRADER_PROFILE", "test");
    spawn_command(command, Some(TIMEOUT_MS)).expect("racelab starts in a pseudo-terminal")
}

#[test]
fn watch_checks_on_save_moves_on_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    // Every exercise but the two dekker ones is solved: watch starts at `dekker`.
    let course = &racelab::exercise::catalog().exercises;
    let solved: Vec<&str> = course
        .iter()
        .map(|e| e.name.as_str())
        .filter(|n| !n.starts_with("dekker"))
        .collect();
    let state = serde_json::json!({ "solved": solved });
    std::fs::write(dir.path().join("state.json"), state.to_string()).unwrap();

    let mut session = watch(dir.path());
    session.exp_string("exercise 23 of 24: dekker").unwrap();
    // The stub is checked at once: a counterexample of the student's own lines.
    session.exp_string("not verified: ").unwrap();
    session.exp_string("broke the invariant").unwrap();
    session.exp_string("): both inside").unwrap();
    session.exp_string("save it to check again").unwrap();
    let working = dir.path().join("dekker.rs");
    assert_eq!(
        std::fs::read_to_string(&working).unwrap(),
        repo("labs/dekker-race/exercises/stubs/dekker.rs"),
        "watch made the working copy from the stub"
    );

    // The fix, saved: verified, and on to the next exercise, whose stub is checked in turn.
    std::fs::write(
        &working,
        repo("labs/dekker-race/exercises/solutions/dekker.rs"),
    )
    .unwrap();
    session.exp_string("verified:").unwrap();
    session
        .exp_string("'dekker' is solved: on to the next exercise: dekker-fence")
        .unwrap();
    session
        .exp_string("exercise 24 of 24: dekker-fence")
        .unwrap();
    session.exp_string("save it to check again").unwrap();
    assert!(dir.path().join("dekker-fence.rs").exists());
    let state = std::fs::read_to_string(dir.path().join("state.json")).unwrap();
    assert!(
        state.contains("\"dekker\""),
        "progress is remembered: {state}"
    );

    // Ctrl-C ends it.
    session.send_control('c').unwrap();
    session.exp_eof().unwrap();
}
