//! Reads-from classes change how many executions racelab's SC checker runs and nothing a
//! learner reads: on every variant whose steps it follows (loads, stores, locks), the same
//! outcomes and verdicts and a counterexample as simple as the floor's (one execution per
//! Mazurkiewicz class), in no more executions; on every other variant, it says which step it
//! does not follow and explores the floor.

use crate::common::{every_variant_at_two_sizes, outcomes};
use racelab_core::{Equivalence, Report};
use std::collections::BTreeSet;

/// How simple the counterexample is (equally simple ones may break the invariant otherwise).
fn simplest(report: &Report) -> Option<usize> {
    (report.counterexample.as_ref()).map(|c| c.preemptions)
}

#[test]
fn reads_from_classes_change_nothing_but_the_count_on_every_lab_it_follows() {
    let (mut followed, mut declined) = (BTreeSet::new(), BTreeSet::new());
    let mut fewer = BTreeSet::new();
    for case in every_variant_at_two_sizes() {
        let (lab, what) = (case.lab, &case.what);
        let mut request = case.sc_request();
        request.reads_from = true;
        let Some(classes) = case.explore(&request) else {
            continue;
        };
        if let Some(step) = &classes.reads_from_unfollowed {
            let floor = Some(Equivalence::Mazurkiewicz);
            assert_eq!(classes.equivalence, floor, "{what}: {step}");
            declined.insert(format!("{} {}", lab.info().id, case.variant.name));
            continue;
        }
        request.reads_from = false;
        let floor = case
            .explore(&request)
            .expect("the floor at a size the lab took");
        assert_eq!(classes.equivalence, Some(Equivalence::ReadsFrom), "{what}");
        assert!(classes.bypass.is_empty(), "{what}: no starvation figures");
        if !floor.exhaustive || !classes.exhaustive {
            continue;
        }
        assert!(classes.executions <= floor.executions, "{what}");
        if classes.executions < floor.executions {
            fewer.insert(what.clone());
        }
        assert_eq!(outcomes(&classes), outcomes(&floor), "{what}: outcomes");
        assert_eq!(
            simplest(&classes),
            simplest(&floor),
            "{what}: counterexample"
        );
        followed.insert(format!("{} {}", lab.info().id, case.variant.name));
    }
    eprintln!("followed: {followed:?}\ndeclined: {declined:?}\nfewer: {fewer:?}");
    assert!(
        followed.len() >= 10,
        "only {} variants followed",
        followed.len()
    );
    assert!(
        declined.contains("counter atomic"),
        "a fetch_add is not followed"
    );
    // Writes overwritten unread: the racy counter at 3 x 1 has 27 reads-from classes, 36
    // Mazurkiewicz classes (the brute force of `crates/core/tests/dpor.rs` counts both).
    assert!(
        fewer.contains("counter racy 3x1"),
        "fewer executions only in {fewer:?}"
    );
}

#[test]
fn explore_names_the_classes_it_explored_and_the_step_it_did_not_follow() {
    let racy = [
        "explore",
        "counter",
        "--threads",
        "3",
        "--iters",
        "1",
        "--reads-from",
    ];
    let output = crate::common::racelab().args(racy).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "the racy counter fails");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("one execution per reads-from class"), "{out}");
    assert!(out.contains("explored 27 executions"), "{out}");
    let atomic = ["explore", "counter", "--variant", "atomic", "--reads-from"];
    let out = crate::common::stdout_of(&atomic);
    assert!(
        out.contains("--reads-from: not used: this variant takes a step the reads-from exploration does not follow (fetch_add;"),
        "{out}"
    );
    assert!(!out.contains("reads-from class"), "{out}");
}

#[test]
fn weak_orderings_choose_loom_even_when_reads_from_is_asked_for() {
    let args = ["explore", "publish", "--reads-from"];
    let output = crate::common::racelab().args(args).output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(2), "{err}");
    assert!(out.contains("checker: loom, because"), "{out}");
}
