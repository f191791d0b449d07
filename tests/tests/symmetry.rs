//! Thread symmetry changes how many executions racelab's SC checker runs and nothing a learner
//! reads: on every variant whose lab says its threads are alike, the same outcomes and verdicts,
//! the same simplest counterexample and the same starvation figures as the floor (one execution
//! per Mazurkiewicz class), in executions that stand for as many classes as the floor explores.

use crate::common::{every_variant_at_two_sizes, outcomes};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{Checker, Equivalence, Report};
use std::collections::BTreeSet;

/// The floor is compared where it is small (a proof of 70,000 classes adds seconds, no case).
const FLOOR_BUDGET: Budget = Budget {
    max_executions: Some(20_000),
    time_limit: None,
    stop_at_first: false,
};

/// The counterexample as the learner weighs it: preemptions, steps and verdict.
fn simplest(report: &Report) -> Option<(usize, usize, String)> {
    (report.counterexample.as_ref()).map(|c| (c.preemptions, c.steps.len(), c.verdict.clone()))
}

fn starvation(report: &Report) -> Vec<(String, u64)> {
    (report.bypass.iter())
        .map(|b| (b.object.clone(), b.times))
        .collect()
}

#[test]
fn symmetric_threads_change_nothing_but_the_count_on_every_lab_that_has_them() {
    let mut reduced = BTreeSet::new();
    let mut compared = 0;
    for case in every_variant_at_two_sizes() {
        let (lab, what) = (case.lab, &case.what);
        let mut request = ExploreRequest::new(case.variant.name, case.params, Checker::Dpor);
        request.symmetry = true;
        request.budget = FLOOR_BUDGET;
        let orbits = match lab.explore(&request) {
            // A lab with a fixed number of threads refuses the other size.
            Err(racelab_core::Error::BadInput(_)) if case.grown => continue,
            other => other.expect("the SC checker explores"),
        };
        if orbits.equivalence != Some(Equivalence::Symmetry) {
            assert_eq!(orbits.classes, None, "{what}");
            continue;
        }
        request.symmetry = false;
        let floor = lab.explore(&request).expect("the SC checker explores");
        if !floor.exhaustive {
            continue;
        }
        assert!(orbits.exhaustive, "{what}");
        assert_eq!(floor.equivalence, Some(Equivalence::Mazurkiewicz), "{what}");
        assert_eq!(orbits.classes, Some(floor.executions), "{what}: classes");
        assert!(orbits.executions <= floor.executions, "{what}");
        assert_eq!(outcomes(&orbits), outcomes(&floor), "{what}: outcomes");
        assert_eq!(
            simplest(&orbits),
            simplest(&floor),
            "{what}: counterexample"
        );
        assert_eq!(
            starvation(&orbits),
            starvation(&floor),
            "{what}: starvation"
        );
        reduced.insert(lab.info().id);
        compared += 1;
    }
    let expected = BTreeSet::from(["async-bank", "bank", "barrier", "counter", "pool"]);
    assert_eq!(reduced, expected, "the labs whose threads are alike");
    assert!(compared >= 30, "only {compared} comparisons");
}
