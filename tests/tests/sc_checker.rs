//! racelab's SC checker against shuttle's DFS (no reduction: every SC schedule) on every lab
//! and variant, at the lab's model size and with one more thread where DFS finishes: the same
//! final states with the same verdicts, in fewer executions.

use crate::common::{every_variant_at_two_sizes, outcomes};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{Checker, Report};
use std::collections::BTreeSet;

/// DFS is the oracle only where it finishes within this many executions (the bench compares
/// bigger sizes): at the lab's model size, and with one more thread. Counts, not times, so that
/// the same cases are compared on every machine; each just above the largest DFS that finishes
/// at that size (the test-and-set lock at 2 x 1: 11,949; the racy counter at 3 x 1: 25,424), since
/// most of the others never do and spend the whole budget.
const DFS_BUDGET: Budget = budget(12_000);
const DFS_BUDGET_GROWN: Budget = budget(26_000);

/// At most `executions` executions, however long they take.
const fn budget(executions: u64) -> Budget {
    Budget {
        max_executions: Some(executions),
        time_limit: None,
        stop_at_first: false,
    }
}

fn verdicts(report: &Report) -> BTreeSet<String> {
    report.outcomes.iter().map(|o| o.verdict.clone()).collect()
}

// Two tests, each on every other lab of the registry, so that the two halves run side by side.
// DFS finishes 15 cases within its budget on the first, third, ... labs, and 13 on the others.

#[test]
fn the_sc_checker_reaches_what_dfs_reaches_on_the_odd_labs() {
    compare_on(|index| index % 2 == 0, 15);
}

#[test]
fn the_sc_checker_reaches_what_dfs_reaches_on_the_even_labs() {
    compare_on(|index| index % 2 == 1, 13);
}

/// Compares the SC checker with DFS on every case of the labs whose place in the registry
/// (from 0) `keep` takes, where DFS finishes; at least `cases` of them.
fn compare_on(keep: impl Fn(usize) -> bool, cases: usize) {
    let ids: Vec<&str> = racelab_labs::all().map(|l| l.info().id).collect();
    let kept = |id: &str| ids.iter().position(|i| *i == id).is_some_and(&keep);
    let mut compared = 0;
    for case in every_variant_at_two_sizes() {
        if !kept(case.lab.info().id) {
            continue;
        }
        let (lab, what, variant) = (case.lab, &case.what, case.variant);
        let mut request = ExploreRequest::new(variant.name, case.params.clone(), Checker::Dfs);
        request.budget = if case.grown {
            DFS_BUDGET_GROWN
        } else {
            DFS_BUDGET
        };
        let dfs = match lab.explore(&request) {
            // A lab with a fixed number of threads refuses the other size.
            Err(racelab_core::Error::BadInput(_)) if case.grown => continue,
            // shuttle stops at a deadlock its tasks reach inside a condition variable or a
            // semaphore, where no lock's wait-for graph sees it: nothing to compare.
            Err(racelab_core::Error::Deadlock { .. }) => continue,
            other => other.expect("dfs explores"),
        };
        if !dfs.exhaustive {
            continue;
        }
        let sc = lab
            .explore(&ExploreRequest::new(
                variant.name,
                case.params,
                Checker::Dpor,
            ))
            .expect("the SC checker explores");
        assert!(sc.exhaustive && sc.redundant == Some(0), "{what}");
        assert!(sc.executions <= dfs.executions, "{what}");
        if verdicts(&dfs).contains("deadlock") {
            // Under DFS the last thread of a deadlock gives up and the others finish; the SC
            // checker ends where every thread waits: other states, same verdicts.
            assert_eq!(verdicts(&sc), verdicts(&dfs), "{what}");
        } else {
            assert_eq!(outcomes(&sc), outcomes(&dfs), "{what}");
        }
        compared += 1;
    }
    assert!(
        compared >= cases,
        "only {compared} comparisons finished under DFS"
    );
}
