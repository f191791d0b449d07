//! `--jobs` and `--shard` split racelab's SC proofs into units that share nothing: the same
//! result on any number of threads, and shards that `racelab merge` puts back together into the
//! unsharded run, on every lab's fixes and on a racy variant; a shard is no proof on its own.

use crate::common::{json, racelab};
use racelab_core::explore::{merge, ExploreRequest, Shard};
use racelab_core::{Checker, Params, Report, VariantKind};
use serde_json::Value;

/// What a proof must not change when it is split: its outcomes, executions and verdict.
fn same_proof(a: &Report, b: &Report, what: &str) {
    assert_eq!(a.outcomes, b.outcomes, "{what}: outcomes");
    assert_eq!(a.executions, b.executions, "{what}: executions");
    assert_eq!(a.violations, b.violations, "{what}: violations");
    assert_eq!(a.exhaustive, b.exhaustive, "{what}: exhaustive");
    let simplicity = |r: &Report| {
        (r.counterexample.as_ref()).map(|c| (c.preemptions, c.steps.len(), c.verdict.clone()))
    };
    assert_eq!(simplicity(a), simplicity(b), "{what}: counterexample");
}

#[test]
fn four_shards_merged_equal_the_unsharded_proof_of_every_fix() {
    for lab in racelab_labs::all().filter(|lab| lab.info().model_checked) {
        let info = lab.info();
        let params = Params::sized(info, info.model_sizes.threads, info.model_sizes.iters);
        for variant in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
            let what = format!("{} {}", info.id, variant.name);
            let mut request = ExploreRequest::new(variant.name, params.clone(), Checker::Dpor);
            let whole = lab.explore(&request).expect("explores");
            if !whole.weak_orderings.is_empty() {
                continue; // weak memory is loom's to judge
            }
            assert!(whole.exhaustive && whole.violations == 0, "{what}");
            let shards: Vec<Report> = (1..=4)
                .map(|index| {
                    request.shard = Some(Shard { index, count: 4 });
                    request.jobs = Some(1);
                    let part = lab.explore(&request).expect("explores");
                    assert!(!part.exhaustive, "{what}: a shard is no proof");
                    part
                })
                .collect();
            let merged = merge(shards).expect("merges");
            same_proof(&merged, &whole, &what);
        }
    }
}

/// `racelab explore` of the racy counter at 3 x 2, with `extra` arguments.
fn racy(extra: &[&str]) -> Value {
    let mut args = vec!["explore", "counter", "--threads", "3", "--iters", "2"];
    args.extend_from_slice(extra);
    json(&args, 1)
}

#[test]
fn a_racy_counter_split_over_threads_or_shards_gives_one_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for index in 1..=4 {
        let part = racy(&["--shard", &format!("{index}/4")]);
        assert_eq!(part["exhaustive"], false);
        let file = dir.path().join(format!("shard-{index}.json"));
        std::fs::write(&file, part.to_string()).unwrap();
        files.push(file.to_string_lossy().into_owned());
    }
    let mut args = vec!["merge"];
    args.extend(files.iter().rev().map(String::as_str));
    let merged = json(&args, 1);
    let (one, two, whole) = (racy(&["--jobs", "1"]), racy(&["--jobs", "2"]), racy(&[]));
    for key in [
        "outcomes",
        "executions",
        "violations",
        "exhaustive",
        "counterexample",
    ] {
        assert_eq!(merged[key], one[key], "merged against --jobs 1: {key}");
        assert_eq!(two[key], one[key], "--jobs 2 against --jobs 1: {key}");
    }
    for key in ["outcomes", "executions", "violations", "exhaustive"] {
        assert_eq!(merged[key], whole[key], "merged against unsplit: {key}");
    }
    assert_eq!(merged["exhaustive"], true);
    assert_eq!(
        merged["executions"], 1189,
        "one execution per orbit of 3 symmetric threads"
    );
    assert_eq!(merged["classes"], 7134);
    let simplicity = |r: &Value| {
        (
            r["counterexample"]["preemptions"].clone(),
            r["counterexample"]["steps"].as_array().map(Vec::len),
        )
    };
    assert_eq!(simplicity(&merged), simplicity(&whole));
    let text = racelab().args(["merge"]).args(&files).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("exhaustive") && text.contains("FAILED"),
        "{text}"
    );
}

#[test]
fn merging_part_of_a_proof_proves_nothing_and_mixed_or_repeated_shards_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let save = |name: &str, report: &Value| {
        let file = dir.path().join(name);
        std::fs::write(&file, report.to_string()).unwrap();
        file.to_string_lossy().into_owned()
    };
    let mutex = |shard: &str| {
        let args = ["explore", "counter", "--variant", "mutex", "--shard", shard];
        json(&args, 0)
    };
    let (a, b) = (save("a.json", &mutex("1/2")), save("b.json", &mutex("2/2")));
    let whole = json(&["merge", &a, &b], 0);
    assert_eq!(whole["exhaustive"], true);
    let text = racelab().args(["merge", &a, &b]).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("proven"));
    let half = json(&["merge", &a], 0);
    assert_eq!(half["exhaustive"], false);
    assert!(
        half["limited_by"].as_str().unwrap().contains("2/2"),
        "{half}"
    );
    let text = racelab().args(["merge", &a]).output().unwrap();
    assert!(!String::from_utf8_lossy(&text.stdout).contains("proven"));
    let refused = |args: &[&str], says: &str| {
        let output = racelab().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says) && stderr.lines().count() == 1,
            "{stderr}"
        );
    };
    refused(&["merge", &a, &a], "twice");
    let other = save("c.json", &racy(&["--shard", "2/2"]));
    refused(&["merge", &a, &other], "different runs");
    let whole_file = save(
        "whole.json",
        &json(&["explore", "counter", "--variant", "mutex"], 0),
    );
    refused(&["merge", &whole_file], "not a shard");
    refused(&["merge", "/nonexistent/report.json"], "cannot read");
    let not_json = save("text.txt", &Value::String("hello".into()));
    refused(&["merge", &not_json], "not a racelab --json report");
}
