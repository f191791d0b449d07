//! Every lab that `racelab list` shows: its lesson renders, its buggy variants fail under loom
//! with a counterexample (exit 1), and its fixes are proven (exit 0), with the JSON contract.

use crate::common::{json, racelab};

/// A lab as `racelab list` shows it: id, whether it is model-checked, (variant, should hold).
type Listed = (String, bool, Vec<(String, bool)>);

/// Every lab, parsed from `racelab list`.
fn labs() -> Vec<Listed> {
    let output = racelab().arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let (id, rest) = line.split_once(' ').unwrap();
            let variants = rest.trim().split("  - ").next().unwrap();
            let variants = variants
                .split(", ")
                .map(|v| {
                    let name = v.split(' ').next().unwrap().to_string();
                    (name, !v.contains('('))
                })
                .collect();
            (
                id.to_string(),
                !line.contains("real processes only"),
                variants,
            )
        })
        .collect()
}

#[test]
fn every_lab_fails_where_it_should_and_is_proven_where_it_should() {
    let labs = labs();
    assert!(labs.len() >= 4, "{labs:?}");
    for (lab, model_checked, variants) in labs {
        for (variant, holds) in variants.iter().filter(|_| model_checked) {
            let (variant, holds) = (variant.as_str(), *holds);
            let report = json(
                &["explore", &lab, "--variant", variant],
                if holds { 0 } else { 1 },
            );
            assert_eq!(report["lab"], lab.as_str());
            // A violation loom found before it gave up on a spinning execution stands.
            let gave_up = !holds && report["limit"]["kind"] == "gave-up";
            assert!(
                report["exhaustive"] == true || gave_up,
                "{lab} {variant}: {}",
                report["limited_by"]
            );
            assert_eq!(
                report["counterexample"].is_object(),
                !holds,
                "{lab} {variant}"
            );
        }
        // Every lab's lesson is run (and read) by `explain`'s
        // every_lab_lesson_shows_its_code_and_columns_that_do_not_run_together.
    }
}
