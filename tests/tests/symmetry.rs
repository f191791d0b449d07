//! Thread symmetry changes how many executions racelab's SC checker runs and nothing a learner
//! reads: on every variant whose lab says its threads are alike, the same outcomes and verdicts,
//! the same simplest counterexample and the same starvation figures as the floor (one execution
//! per Mazurkiewicz class), in executions that stand for as many classes as the floor explores.

use crate::common::{every_variant_at_two_sizes, outcomes};
use racelab_core::{Equivalence, Report};
use std::collections::BTreeSet;

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
        let mut request = case.sc_request();
        request.symmetry = true;
        let Some(orbits) = case.explore(&request) else {
            continue;
        };
        if orbits.equivalence != Some(Equivalence::Symmetry) {
            assert_eq!(orbits.classes, None, "{what}");
            continue;
        }
        request.symmetry = false;
        let floor = case
            .explore(&request)
            .expect("the floor at a size the lab took");
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
