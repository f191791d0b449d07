//! The transfer lab through the CLI: a deadlock is a violation with its trace (exit 1), the
//! fixes are proven (exit 0), and a real-thread run always finishes.

use crate::common::{json, racelab};

#[test]
fn naive_reports_a_deadlock_with_its_trace_and_the_fixes_are_proven() {
    for checker in ["loom", "dfs"] {
        let report = json(
            &[
                "explore",
                "transfer",
                "--variant",
                "naive",
                "--checker",
                checker,
            ],
            1,
        );
        let cx = &report["counterexample"];
        assert_eq!(cx["verdict"], "deadlock", "{checker}");
        let steps = cx["steps"].as_array().unwrap();
        assert!(steps.iter().any(|s| s["action"] == "deadlock"), "{checker}");
        for fix in ["ordered", "global-lock"] {
            let proof = json(
                &[
                    "explore",
                    "transfer",
                    "--variant",
                    fix,
                    "--checker",
                    checker,
                ],
                0,
            );
            assert_eq!(proof["exhaustive"], true, "{fix} {checker}");
            assert_eq!(proof["violations"], 0, "{fix} {checker}");
        }
    }
}

#[test]
fn a_real_thread_run_of_the_deadlocking_variant_finishes() {
    let output = racelab()
        .args([
            "run",
            "transfer",
            "--variant",
            "naive",
            "--trials",
            "300",
            "--json",
        ])
        .output()
        .unwrap();
    // Whether a deadlock happens is chance: exit 1 if one did, 0 if none did.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["executions"], 300);
    let deadlocked: u64 = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["verdict"] == "deadlock")
        .map(|o| o["count"].as_u64().unwrap())
        .sum();
    assert_eq!(deadlocked, report["violations"].as_u64().unwrap());
    assert_eq!(output.status.code(), Some(i32::from(deadlocked > 0)));
}

#[test]
fn the_lesson_shows_the_deadlock() {
    let output = racelab()
        .args(["explain", "transfer", "--no-run"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("wait A: t1 holds it"), "{text}");
    assert!(text.contains("ordered"), "{text}");
}
