//! The async-bank lab through the CLI: the interleaving across the await, and a real run that
//! says it ran on one OS thread.

use crate::common::{json, racelab};

#[test]
fn explore_shows_the_interleaving_across_the_await() {
    let report = json(&["explore", "async-bank"], 1);
    let steps = report["counterexample"]["steps"].as_array().unwrap();
    let awaits = steps.iter().filter(|s| s["action"] == "await").count();
    assert!(awaits >= 2, "{steps:?}");
}

#[test]
fn a_real_run_says_it_ran_on_one_os_thread() {
    let output = racelab()
        .args(["run", "async-bank", "--trials", "50"])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("real tasks on one OS thread"), "{text}");
}
