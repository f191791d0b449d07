//! The README's exercise walk-through, as a new user types it: list, show, check (a timeline of
//! the student's own code), fix, check (verified), reset. The student's files live in a temporary
//! folder (`RACELAB_EXERCISE_DIR`); `check` really builds them with cargo.

use crate::common::racelab;
use std::path::{Path, PathBuf};
use std::process::Output;

/// racelab with the working copies and state in `dir`; the grader built like the tests.
fn exercise(dir: &Path, args: &[&str]) -> Output {
    racelab()
        .env("RACELAB_EXERCISE_DIR", dir)
        .env("RACELAB_GRADER_PROFILE", "test")
        .arg("exercise")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn expect(output: &Output, code: i32, what: &str) -> String {
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}\nstdout: {stdout}\nstderr: {}",
        text(&output.stderr)
    );
    stdout
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("racelab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_readme_walk_through() {
    let dir = scratch("walk-through");
    let stub = std::fs::read_to_string(repo("labs/bank-race/exercises/stubs/bank.rs")).unwrap();
    let working = dir.join("bank.rs");

    let list = expect(&exercise(&dir, &["list"]), 0, "list");
    let course = &racelab::exercise::catalog().exercises;
    for exercise in course {
        assert!(list.contains(&exercise.name), "{list}");
    }
    assert_eq!(list.matches("not started").count(), course.len(), "{list}");

    let show = expect(&exercise(&dir, &["show", "bank"]), 0, "show");
    assert!(
        show.contains("bank.rs") && show.contains("racelab exercise check bank"),
        "{show}"
    );
    assert_eq!(
        std::fs::read_to_string(&working).unwrap(),
        stub,
        "show made the working copy"
    );

    let failed = expect(&exercise(&dir, &["check", "bank"]), 1, "check the stub");
    assert!(failed.starts_with("not verified:"), "{failed}");
    assert!(failed.contains("simplest interleaving"), "{failed}");
    assert!(
        failed.contains("your code in this interleaving"),
        "{failed}"
    );
    assert!(
        failed.contains("account.balance.store(cx, balance - account.amount);"),
        "{failed}"
    );
    assert!(failed.contains("hint:"), "{failed}");
    // The check showed the first hint: `hint` goes on with the second.
    let hint = expect(&exercise(&dir, &["hint", "bank"]), 0, "the next hint");
    assert!(hint.starts_with("hint 2 of"), "{hint}");

    // A correct fix that is not the reference (which takes the lock): a compare-exchange loop.
    let fixed =
        std::fs::read_to_string(repo("labs/bank-race/exercises/solutions/bank-cas-loop.rs"))
            .unwrap();
    std::fs::write(&working, fixed).unwrap();
    let verified = expect(&exercise(&dir, &["check", "bank"]), 0, "check the fix");
    assert!(
        verified.starts_with("verified: the invariant holds in all"),
        "{verified}"
    );
    // `list` says what that check found, without building the file again ...
    let listed = exercise(&dir, &["list"]);
    let list = expect(&listed, 0, "list after the fix");
    let solved = |list: &str| {
        list.lines()
            .any(|l| l.contains(" bank ") && l.contains(" solved"))
    };
    assert!(solved(&list), "{list}");
    assert!(
        !text(&listed.stderr).contains("checking"),
        "{}",
        text(&listed.stderr)
    );
    // ... until the file changes: then it checks it again, and says so.
    let fixed = std::fs::read_to_string(&working).unwrap();
    std::fs::write(&working, format!("{fixed}\n// checked again\n")).unwrap();
    let listed = exercise(&dir, &["list"]);
    let list = expect(&listed, 0, "list after a change");
    assert!(solved(&list), "{list}");
    let said = text(&listed.stderr);
    assert!(
        said.contains("checking bank: ") && said.contains("has not been checked as it is now"),
        "{said}"
    );
    let solution = expect(
        &exercise(&dir, &["show", "bank", "--solution"]),
        0,
        "solution",
    );
    assert!(solution.contains("pub fn withdraw"), "{solution}");

    let refused = exercise(&dir, &["reset", "bank"]);
    expect(&refused, 2, "reset without --force");
    assert!(
        text(&refused.stderr).contains("--force"),
        "{}",
        text(&refused.stderr)
    );
    expect(
        &exercise(&dir, &["reset", "bank", "--force"]),
        0,
        "reset --force",
    );
    assert_eq!(
        std::fs::read_to_string(&working).unwrap(),
        stub,
        "reset restored the stub"
    );
    // ... and starts the exercise over: its solution is locked again.
    let locked = exercise(&dir, &["show", "bank", "--solution"]);
    expect(&locked, 2, "the solution after a reset");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_does_not_compile_gets_the_compiler_message_and_exit_2() {
    let dir = scratch("compile-error");
    let stub =
        std::fs::read_to_string(repo("labs/counter-race/exercises/stubs/counter.rs")).unwrap();
    std::fs::write(
        dir.join("counter.rs"),
        stub.replace(".load(cx)", ".lod(cx)"),
    )
    .unwrap();
    let output = exercise(&dir, &["check", "counter"]);
    expect(&output, 2, "a compile error");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error[E0599]") && stderr.contains("counter.rs"),
        "{stderr}"
    );
    assert!(stderr.contains("does not compile"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn code_that_deadlocks_gets_a_verdict_not_a_hang() {
    let dir = scratch("deadlock");
    let stub =
        std::fs::read_to_string(repo("labs/counter-race/exercises/stubs/counter.rs")).unwrap();
    let twice =
        "let _a = counter.lock.lock(cx);\n    let _b = counter.lock.lock(cx);\n    let seen";
    std::fs::write(dir.join("counter.rs"), stub.replacen("let seen", twice, 1)).unwrap();
    let stdout = expect(&exercise(&dir, &["check", "counter"]), 1, "a deadlock");
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("not verified:") && first.ends_with("): deadlock"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hints_come_one_at_a_time() {
    let dir = scratch("hints");
    let first = expect(&exercise(&dir, &["hint", "counter"]), 0, "hint");
    let second = expect(&exercise(&dir, &["hint", "counter"]), 0, "hint");
    assert!(
        first.starts_with("hint 1 of") && second.starts_with("hint 2 of"),
        "{first}{second}"
    );
    let all = expect(
        &exercise(&dir, &["hint", "counter", "--all"]),
        0,
        "hint --all",
    );
    assert!(
        all.contains("hint 1 of") && all.contains("hint 3 of"),
        "{all}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exercise_mistakes_get_one_line_and_exit_2() {
    let dir = scratch("mistakes");
    for args in [
        &["check", "nope"][..],
        &["show", "counter", "--solution"],
        &["reset", "nope"],
    ] {
        let output = exercise(&dir, args);
        let stderr = expect(&output, 2, &format!("{args:?}"));
        assert!(stderr.is_empty(), "{args:?}: nothing on stdout");
        assert_eq!(
            text(&output.stderr).lines().count(),
            1,
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `next` names the first exercise of the course not solved yet, from the remembered progress.
#[test]
fn next_names_the_first_unsolved_exercise_in_course_order() {
    let dir = tempfile::tempdir().unwrap();
    let first = expect(&exercise(dir.path(), &["next"]), 0, "next, fresh");
    assert!(first.starts_with("next: counter (0 of "), "{first}");
    std::fs::write(dir.path().join("state.json"), r#"{"solved": ["counter"]}"#).unwrap();
    let second = expect(&exercise(dir.path(), &["next"]), 0, "next, counter solved");
    assert!(second.starts_with("next: bank (1 of "), "{second}");
    assert!(second.contains("racelab exercise show bank"), "{second}");
}
