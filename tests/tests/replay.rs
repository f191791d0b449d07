//! Replay: the token of a counterexample reproduces its trace exactly.

use crate::common::json;

#[test]
fn a_random_schedule_token_replays_the_same_trace() {
    for checker in ["random", "pct", "dfs", "loom"] {
        let found = json(
            &[
                "explore",
                "counter",
                "--checker",
                checker,
                "--iters",
                "3",
                "--max-executions",
                "2000",
            ],
            1,
        );
        let cx = &found["counterexample"];
        let token = cx["replay"].as_str().expect("a replay token");
        let again = json(
            &[
                "replay",
                "counter",
                "--variant",
                "racy",
                "--schedule",
                token,
            ],
            1,
        );
        assert_eq!(again["executions"], 1);
        assert_eq!(again["counterexample"]["steps"], cx["steps"], "{checker}");
        assert_eq!(again["counterexample"]["replay"], cx["replay"]);
    }
}

#[test]
fn a_truncated_token_is_refused_with_one_line_and_the_whole_one_replays() {
    let found = json(&["explore", "counter", "--iters", "2"], 1);
    let token = found["counterexample"]["replay"].as_str().unwrap();
    assert!(token.starts_with("sc1:counter:racy:threads=2,iters=2:"));
    let again = json(&["replay", "counter", "--schedule", token], 1);
    assert_eq!(
        again["counterexample"]["steps"],
        found["counterexample"]["steps"]
    );
    for bad in [
        "sc1:counter:racy:threads=2,iters=2:a3".to_string(),
        format!("{token}b"),
        format!("{token}x:y"),
    ] {
        let stderr = crate::common::refused(&["replay", "counter", "--schedule", &bad]);
        assert_eq!(stderr.lines().count(), 1, "{bad}: {stderr}");
        assert!(
            stderr.contains("does not fit") || stderr.contains("malformed"),
            "{stderr}"
        );
    }
}

#[test]
fn a_loom_counterexample_says_why_it_has_no_token() {
    let output = crate::common::racelab()
        .args(["explore", "publish"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("no replay token: this trace is loom's"),
        "{text}"
    );
    assert!(!text.contains("replay it:"), "{text}");
}
