//! The bank lab through the CLI: outcomes, the wrong fix, replay, and bad params.

use crate::common::{json, racelab, refused};
use serde_json::Value;

fn verdicts(doc: &Value) -> Vec<String> {
    doc["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["verdict"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn explore_bank_shows_both_ways_the_race_hurts_and_exits_1() {
    let doc = json(&["explore", "bank"], 1);
    assert_eq!(doc["exhaustive"], true);
    assert_eq!(doc["params"]["balance"], 100);
    assert_eq!(doc["params"]["amount"], 80);
    let v = verdicts(&doc);
    assert!(
        v.contains(&"overdraft, double withdrawal".to_string()),
        "{v:?}"
    );
    assert!(
        v.contains(&"money created, double withdrawal".to_string()),
        "{v:?}"
    );
}

#[test]
fn the_wrong_fix_fails_and_the_fixes_are_proven_at_two_and_three_threads() {
    for checker in ["loom", "dfs"] {
        json(
            &[
                "explore",
                "bank",
                "--variant",
                "lock-write-only",
                "--checker",
                checker,
            ],
            1,
        );
        for variant in ["mutex", "cas"] {
            for threads in ["2", "3"] {
                let doc = json(
                    &[
                        "explore",
                        "bank",
                        "--variant",
                        variant,
                        "--checker",
                        checker,
                        "--threads",
                        threads,
                    ],
                    0,
                );
                assert_eq!(doc["exhaustive"], true);
                let outcome = &doc["outcomes"][0]["state"];
                assert_eq!(
                    (outcome["balance"].as_i64(), outcome["paid"].as_i64()),
                    (Some(20), Some(80))
                );
            }
        }
    }
}

#[test]
fn replay_reproduces_the_counterexample_shuttle_printed() {
    let found = json(
        &[
            "explore",
            "bank",
            "--checker",
            "random",
            "--max-executions",
            "500",
        ],
        1,
    );
    let token = found["counterexample"]["replay"].as_str().unwrap();
    let again = json(
        &["replay", "bank", "--variant", "racy", "--schedule", token],
        1,
    );
    assert_eq!(
        again["counterexample"]["steps"],
        found["counterexample"]["steps"]
    );
    let text = racelab()
        .args(["replay", "bank", "--schedule", token])
        .output()
        .unwrap();
    assert!(String::from_utf8(text.stdout)
        .unwrap()
        .contains("double withdrawal"));
}

#[test]
fn withdrawals_is_the_bank_s_name_for_iters() {
    let doc = json(
        &[
            "explore",
            "bank",
            "--variant",
            "mutex",
            "--withdrawals",
            "2",
            "--amount",
            "30",
        ],
        0,
    );
    assert_eq!(doc["params"]["iters"], 2);
}

#[test]
fn bad_bank_params_are_refused() {
    assert!(refused(&["explore", "bank", "--amount", "-5"]).contains("--amount -5 is out of range"));
    assert!(refused(&["explore", "bank", "--amount", "0"]).contains("out of range"));
    assert!(refused(&["run", "bank", "--balance", "-1"]).contains("--balance"));
    assert!(refused(&["run", "bank", "--threads", "0"]).contains("--threads 0"));
    assert!(refused(&["run", "bank", "--balance", "99999999999999999999"]).contains("--balance"));
    let overflow = refused(&[
        "run",
        "bank",
        "--amount",
        "1000000000000",
        "--threads",
        "64",
        "--iters",
        "100000000",
    ]);
    assert!(overflow.contains("overflow"), "{overflow}");
    assert!(refused(&["explore", "counter", "--balance", "5"])
        .contains("does not apply to lab 'counter'"));
    let wrong = refused(&[
        "replay",
        "bank",
        "--variant",
        "mutex",
        "--schedule",
        "v1:bank:racy:threads=2,iters=1,amount=80,balance=100:a3b3c4ba3",
    ]);
    assert!(wrong.contains("variant 'racy'"), "{wrong}");
}
