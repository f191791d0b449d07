//! What real threads show is a subset of what racelab's SC checker shows: on every all-SeqCst
//! variant of every model-checked lab, at the checker's size, each final state a real run reached
//! is in the checker's outcome table (real threads may miss some; they may never add one). A
//! real trial given up as stuck (every thread waiting, or the watchdog) stands for the checker's
//! deadlocks and hangs: the checker must have one.

use serde_json::Value;
use std::collections::BTreeSet;

/// The final states of a report's outcome table.
fn states(report: &Value) -> BTreeSet<String> {
    (report["outcomes"].as_array().unwrap().iter())
        .map(|o| o["state"].to_string())
        .collect()
}

#[test]
fn every_state_real_threads_reach_is_one_the_sc_checker_reaches() {
    for lab in racelab_labs::all().map(|lab| lab.info()) {
        if !lab.model_checked {
            continue;
        }
        let (threads, iters) = (
            lab.model_sizes.threads.to_string(),
            lab.model_sizes.iters.to_string(),
        );
        for variant in lab.variants.iter().map(|v| v.name) {
            let size = [
                "--variant",
                variant,
                "--threads",
                &threads,
                "--iters",
                &iters,
            ];
            let explore: Vec<&str> = ["explore", lab.id, "--checker", "dpor"]
                .into_iter()
                .chain(size)
                .collect();
            let output = crate::common::racelab()
                .args(&explore)
                .arg("--json")
                .output()
                .unwrap();
            let checked: Value = serde_json::from_slice(&output.stdout).unwrap();
            if checked["weak_orderings"]
                .as_array()
                .is_some_and(|w| !w.is_empty())
            {
                continue; // weaker orderings: the SC checker's table is not the whole story
            }
            assert_eq!(checked["exhaustive"], true, "{} {variant}", lab.id);
            // A trial that sticks costs a quarter of a second before it is given up: fewer of
            // them where the SC checker says the variant can stick.
            let sticks = (checked["outcomes"].as_array().unwrap().iter())
                .filter_map(|o| o["verdict"].as_str())
                .any(|v| v.contains("deadlock") || v.contains("hang"));
            let trials = if sticks { "4" } else { "100" };
            let run: Vec<&str> = ["run", lab.id, "--trials", trials, "--window", "yield"]
                .into_iter()
                .chain(size)
                .collect();
            // Whether a race shows up on real threads is chance: only 0 or 1, never which.
            let output = crate::common::racelab()
                .args(&run)
                .arg("--json")
                .output()
                .unwrap();
            assert!(matches!(output.status.code(), Some(0 | 1)), "{run:?}");
            let real: Value = serde_json::from_slice(&output.stdout).unwrap();
            let (mut real, sc) = (states(&real), states(&checked));
            let stuck = format!("{{\"{}\":1}}", racelab_core::runner::STUCK);
            if real.remove(&stuck) {
                let verdicts = checked["outcomes"].as_array().unwrap().iter();
                let waits = verdicts
                    .filter_map(|o| o["verdict"].as_str())
                    .any(|v| v.contains("deadlock") || v.contains("hang"));
                assert!(
                    waits,
                    "{} {variant}: real threads got stuck, and the SC checker never does",
                    lab.id
                );
            }
            assert!(
                real.is_subset(&sc),
                "{} {variant}: real threads reached {:?}, which the SC checker never does ({sc:?})",
                lab.id,
                real.difference(&sc).collect::<Vec<_>>()
            );
        }
    }
}
