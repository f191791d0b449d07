//! `racelab kitchen`: every model runs every task once and agrees on the checksum, the JSON
//! document keeps its shape, and bad input gets one line. No test asserts a speedup: timing is
//! for `make bench`.

use crate::common::{racelab, refused, stdout_of};
use serde_json::Value;

const MODELS: [&str; 7] = [
    "one-chef",
    "threads",
    "thread-pool",
    "processes",
    "process-pool",
    "async",
    "gil-threads",
];

fn kitchen(args: &[&str]) -> Value {
    let args: Vec<&str> = ["kitchen"]
        .iter()
        .chain(args)
        .chain(&["--json"])
        .copied()
        .collect();
    serde_json::from_str(&stdout_of(&args)).expect("one JSON document")
}

#[test]
fn every_model_runs_every_task_once_and_agrees_on_the_checksum() {
    let doc = kitchen(&["--tasks", "3", "--ms", "2"]);
    assert_eq!(doc["schema"], "racelab/kitchen/v1");
    assert_eq!(doc["tasks"], 3);
    assert!(doc["cores"].as_u64().unwrap() >= 1);
    let works: Vec<&str> = doc["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["work"].as_str().unwrap())
        .collect();
    assert_eq!(works, ["cpu", "io"]);
    for workload in doc["workloads"].as_array().unwrap() {
        let runs = workload["runs"].as_array().unwrap();
        let models: Vec<&str> = runs.iter().map(|r| r["model"].as_str().unwrap()).collect();
        assert_eq!(models, MODELS);
        for run in runs {
            assert_eq!(run["tasks_run"], 3, "{run}");
            assert_eq!(run["checksum_ok"], true, "{run}");
            let (wall, cpu) = (
                run["wall_ms"].as_f64().unwrap(),
                run["cpu_ms"].as_f64().unwrap(),
            );
            assert!(wall > 0.0 && cpu >= 0.0, "{run}");
            // The speedup is the median of the rounds' (one chef's wall time over this
            // model's, in the same round).
            let speedup = run["speedup"].as_f64().unwrap();
            let mut rounds: Vec<f64> = (run["speedups"].as_array().unwrap().iter())
                .map(|s| s.as_f64().unwrap())
                .collect();
            assert_eq!(
                rounds.len() as u64,
                doc["repeats"].as_u64().unwrap(),
                "{run}"
            );
            rounds.sort_by(f64::total_cmp);
            assert_eq!(speedup, rounds[rounds.len() / 2], "{run}");
        }
        assert_eq!(runs[0]["speedup"], 1.0);
        assert!(runs[0]["speedups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s == 1.0));
    }
}

#[test]
fn one_workload_when_asked_for_one() {
    let doc = kitchen(&["--tasks", "2", "--ms", "1", "--work", "io"]);
    let workloads = doc["workloads"].as_array().unwrap();
    assert_eq!(workloads.len(), 1);
    assert_eq!(workloads[0]["work"], "io");
}

#[test]
fn the_text_shows_each_table_the_chart_and_the_lesson() {
    let output = racelab()
        .args(["kitchen", "--tasks", "2", "--ms", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    for part in [
        "CPU-bound:",
        "I/O-bound:",
        "speedup over one-chef (cpu)",
        "What this machine showed",
        "ThreadPoolExecutor.submit",
    ] {
        assert!(text.contains(part), "no {part:?} in\n{text}");
    }
    assert!(!text.contains('\u{1b}'), "NO_COLOR");
    assert_eq!(text.matches("  ok").count(), 14, "{text}");
}

#[test]
fn bad_input_gets_one_line_and_exit_2() {
    for args in [
        &["kitchen", "--tasks", "0"][..],
        &["kitchen", "--tasks", "100000"],
        &["kitchen", "--ms", "0"],
        &["kitchen", "--ms", "5000"],
        &["kitchen", "--work", "gpu"],
        &["kitchen", "--tasks", "-3"],
        &["kitchen", "--repeats", "0"],
        &["kitchen", "--repeats", "1000"],
    ] {
        let err = refused(args);
        assert!(!err.trim().is_empty(), "{args:?}");
    }
    let err = refused(&["kitchen", "--tasks", "0"]);
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn explain_kitchen_tells_the_story() {
    let output = racelab()
        .args(["explain", "kitchen", "--no-run"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    for part in [
        "Parallelism",
        "Concurrency",
        "GIL",
        "CPU-bound",
        "I/O-bound",
    ] {
        assert!(text.contains(part), "no {part:?}");
    }
}
