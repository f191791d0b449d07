//! The JSON report and the exit codes that other tools rely on.

use crate::common::{json, racelab};
use serde_json::Value;
use std::collections::BTreeSet;

fn finals(doc: &Value) -> BTreeSet<i64> {
    doc["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["state"]["counter"].as_i64().unwrap())
        .collect()
}

fn check_shape(doc: &Value) {
    assert_eq!(doc["schema"], "racelab/report/v1");
    for key in [
        "lab",
        "variant",
        "backend",
        "checker",
        "params",
        "exhaustive",
        "executions",
        "violations",
        "elapsed_ms",
        "outcomes",
        "counterexample",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    let outcomes = doc["outcomes"].as_array().unwrap();
    let total: u64 = outcomes.iter().map(|o| o["count"].as_u64().unwrap()).sum();
    assert_eq!(total, doc["executions"].as_u64().unwrap());
    let bad: u64 = outcomes
        .iter()
        .filter(|o| o["verdict"] != "ok")
        .map(|o| o["count"].as_u64().unwrap())
        .sum();
    assert_eq!(bad, doc["violations"].as_u64().unwrap());
}

#[test]
fn racy_counter_under_the_sc_checker_by_default_reports_one_execution_per_orbit() {
    let doc = json(&["explore", "counter", "--threads", "2", "--iters", "3"], 1);
    check_shape(&doc);
    assert_eq!(doc["checker"], "dpor");
    assert_eq!(
        doc["backend"], "racelab",
        "the SC checker runs on racelab's own threads"
    );
    assert_eq!(doc["exhaustive"], true);
    // Its two threads are alike: one execution per orbit of the 328 classes.
    assert_eq!(doc["equivalence"], "symmetry");
    assert_eq!(doc["executions"], 164);
    assert_eq!(doc["classes"], 328);
    assert_eq!(doc["redundant"], 0);
    let floor = json(
        &[
            "explore",
            "counter",
            "--threads",
            "2",
            "--iters",
            "3",
            "--no-symmetry",
        ],
        1,
    );
    assert_eq!(floor["equivalence"], "mazurkiewicz");
    assert_eq!(floor["executions"], 328);
    assert_eq!(finals(&floor), finals(&doc), "the same final states");
    assert_eq!(finals(&doc), (2..=6).collect());
    let cx = &doc["counterexample"];
    assert_eq!(cx["preemptions"], 1);
    assert_eq!(cx["found_by"], "dpor");
    let token = cx["replay"].as_str().unwrap();
    assert!(token.starts_with("sc1:counter:racy:"), "{token}");
    let replayed = json(&["replay", "counter", "--schedule", token], 1);
    assert_eq!(replayed["counterexample"]["steps"], cx["steps"]);
}

#[test]
fn racy_counter_under_loom_reports_every_final_value_and_exits_1() {
    let doc = json(
        &[
            "explore",
            "counter",
            "--checker",
            "loom",
            "--threads",
            "2",
            "--iters",
            "3",
        ],
        1,
    );
    check_shape(&doc);
    assert_eq!(doc["backend"], "loom");
    assert_eq!(doc["checker"], "loom");
    assert_eq!(doc["exhaustive"], true);
    assert_eq!(doc["params"]["threads"], 2);
    assert_eq!(doc["params"]["iters"], 3);
    assert_eq!(finals(&doc), (2..=6).collect());
    let cx = &doc["counterexample"];
    assert_eq!(cx["preemptions"], 1);
    assert!(cx["replay"]
        .as_str()
        .unwrap()
        .starts_with("v1:counter:racy:"));
    for step in cx["steps"].as_array().unwrap() {
        for key in ["thread", "action", "target", "value", "stale"] {
            assert!(step.get(key).is_some(), "step lacks {key}");
        }
    }
}

#[test]
fn fixes_report_one_outcome_and_exit_0() {
    for variant in ["atomic", "add", "mutex", "local"] {
        for checker in ["loom", "dfs"] {
            let doc = json(
                &[
                    "explore",
                    "counter",
                    "--variant",
                    variant,
                    "--checker",
                    checker,
                ],
                0,
            );
            check_shape(&doc);
            assert_eq!(doc["exhaustive"], true);
            assert_eq!(finals(&doc), BTreeSet::from([4]));
            assert_eq!(doc["counterexample"], Value::Null);
        }
    }
}

#[test]
fn shuttle_checkers_name_themselves() {
    for checker in ["dfs", "pct", "random"] {
        let doc = json(
            &[
                "explore",
                "counter",
                "--checker",
                checker,
                "--max-executions",
                "300",
            ],
            1,
        );
        check_shape(&doc);
        assert_eq!(doc["backend"], "shuttle");
        assert_eq!(doc["checker"], checker);
        assert_eq!(
            doc["exhaustive"], false,
            "a budget of 300 executions is not exhaustive for {checker}"
        );
    }
}

#[test]
fn a_real_thread_run_accounts_for_every_trial() {
    let output = racelab()
        .args([
            "run", "counter", "--iters", "1000", "--trials", "5", "--json",
        ])
        .output()
        .unwrap();
    let code = output.status.code().unwrap();
    assert!(code == 0 || code == 1);
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    check_shape(&doc);
    assert_eq!(doc["backend"], "threads");
    assert_eq!(doc["exhaustive"], false);
    assert_eq!(doc["executions"], 5);
    assert_eq!(code == 1, doc["violations"].as_u64().unwrap() > 0);
    for trial in doc["trials"].as_array().unwrap() {
        let (e, o, l) = (
            trial["expected"].as_i64().unwrap(),
            trial["observed"].as_i64().unwrap(),
            trial["lost"].as_i64().unwrap(),
        );
        assert_eq!(e, 2_000);
        assert_eq!(e - o, l);
    }
}

#[test]
fn text_output_names_what_was_done_and_has_no_colour_with_no_color() {
    let output = racelab()
        .args(["explore", "counter", "--iters", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("dpor, exhaustive"), "{text}");
    assert!(text.contains("simplest interleaving"), "{text}");
    assert!(text.contains("replay it: racelab replay counter"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "NO_COLOR output has no escape codes"
    );
    let coloured = racelab()
        .args(["explore", "counter", "--iters", "1", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout)
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn list_shows_every_variant() {
    let output = racelab().arg("list").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for word in ["counter", "racy", "atomic", "add", "mutex", "local"] {
        assert!(text.contains(word), "{text}");
    }
}

/// Every registered lab keeps the contract: `explore` of each variant (or, for a lab of real
/// processes, a short `run`) prints one report of the right shape, and exits 1 exactly when it
/// found a violation.
#[test]
fn every_registered_lab_keeps_the_contract() {
    for lab in racelab_labs::all() {
        let info = lab.info();
        let runs: Vec<Vec<&str>> = if info.model_checked {
            (info.variants.iter())
                .map(|v| vec!["explore", info.id, "--variant", v.name, "--json"])
                .collect()
        } else {
            vec![vec![
                "run", info.id, "--trials", "2", "--iters", "5", "--json",
            ]]
        };
        for args in runs {
            let output = racelab().args(&args).output().unwrap();
            let doc: Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|e| panic!("{args:?}: not one JSON document: {e}"));
            check_shape(&doc);
            let failed = doc["violations"].as_u64().unwrap() > 0;
            assert_eq!(output.status.code(), Some(i32::from(failed)), "{args:?}");
            for step in doc["counterexample"]["steps"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for key in ["thread", "action", "target", "value", "stale"] {
                    assert!(step.get(key).is_some(), "{args:?}: a step lacks {key}");
                }
            }
        }
    }
}
