//! `--jobs` and `--shard`: random and PCT schedules split by seed. The result never depends on
//! the number of jobs, and the shards of an exploration add up to the whole of it.

use crate::common::json;
use serde_json::Value;
use std::collections::BTreeMap;

fn explore(extra: &[&str]) -> Value {
    let mut args = vec!["explore", "bank", "--variant", "lock-write-only"];
    args.extend_from_slice(extra);
    json(&args, 1)
}

/// Final state (as JSON text) -> count.
fn outcomes(report: &Value) -> BTreeMap<String, u64> {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["state"].to_string(), o["count"].as_u64().unwrap()))
        .collect()
}

#[test]
fn the_number_of_jobs_does_not_change_the_result() {
    for checker in ["random", "pct"] {
        let base = ["--checker", checker, "--max-executions", "1200"];
        let one = explore(&[&base[..], &["--jobs", "1"]].concat());
        let two = explore(&[&base[..], &["--jobs", "2"]].concat());
        assert_eq!(one["executions"], 1200);
        for key in [
            "executions",
            "violations",
            "outcomes",
            "counterexample",
            "first_violation",
        ] {
            let (a, b) = (&one[key], &two[key]);
            let same = if key == "first_violation" {
                a["execution"] == b["execution"]
            } else {
                a == b
            };
            assert!(same, "{checker} {key}: {a} vs {b}");
        }
    }
}

#[test]
fn shards_add_up_to_the_whole_exploration() {
    let base = ["--checker", "random", "--max-executions", "1000"];
    let whole = explore(&base);
    let mut summed: BTreeMap<String, u64> = BTreeMap::new();
    let mut executions = 0;
    for shard in ["1/3", "2/3", "3/3"] {
        let part = json(
            &[
                &["explore", "bank", "--variant", "lock-write-only"][..],
                &base,
                &["--shard", shard],
            ]
            .concat(),
            1,
        );
        assert_eq!(part["shard"]["count"], 3);
        executions += part["executions"].as_u64().unwrap();
        for (state, count) in outcomes(&part) {
            *summed.entry(state).or_default() += count;
        }
    }
    assert_eq!(executions, 1000);
    assert_eq!(summed, outcomes(&whole));
}

#[test]
fn stop_at_first_stops_at_the_first_violation_and_says_so() {
    for checker in ["dpor", "loom", "dfs", "random", "pct"] {
        let report = explore(&["--checker", checker, "--stop-at-first"]);
        assert_eq!(report["violations"], 1, "{checker}");
        assert_eq!(report["exhaustive"], false, "{checker}");
        assert_eq!(
            report["limited_by"], "stopped at the first violation",
            "{checker}"
        );
        assert_eq!(
            report["first_violation"]["execution"], report["executions"],
            "{checker}"
        );
        assert!(report["counterexample"].is_object(), "{checker}");
    }
}
