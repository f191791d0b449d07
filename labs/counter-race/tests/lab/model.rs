//! The counter lab under the model checkers: the racy variant's exact outcomes and
//! counterexamples, and the proofs of the fixes (racelab's SC checker, with loom and shuttle dfs
//! beside it), in exactly one execution per class.

use counter_race::CounterLab;
use racelab_core::explore::{token, Budget, ExploreRequest};
use racelab_core::{Checker, Declared, Params, Report};
use std::collections::BTreeSet;

fn explore_counter(variant: &str, threads: usize, iters: u64, checker: Checker) -> Report {
    let params = Params::sized(CounterLab.info(), threads, iters);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

fn finals(report: &Report) -> BTreeSet<i64> {
    report.outcomes.iter().map(|o| o.state["counter"]).collect()
}

/// The final values load-then-store can reach: 2..=2k for two threads and k >= 2, {1, 2} for k = 1.
fn theory(threads: usize, iters: u64) -> BTreeSet<i64> {
    let most = threads as i64 * iters as i64;
    let least = if iters == 1 { 1 } else { 2 };
    (least..=most).collect()
}

#[test]
fn racy_reaches_exactly_the_final_values_theory_allows() {
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        for (threads, iters) in [(2, 1), (2, 2), (2, 3), (3, 1)] {
            let report = explore_counter("racy", threads, iters, checker);
            assert!(report.exhaustive, "{checker:?} {threads}x{iters}");
            assert_eq!(
                finals(&report),
                theory(threads, iters),
                "{checker:?} {threads}x{iters}"
            );
            let correct = report.outcomes.iter().filter(|o| !o.is_violation()).count();
            assert_eq!(correct, 1, "only threads x iters is correct");
            assert!(report.violations > 0 && report.counterexample.is_some());
        }
    }
}

#[test]
fn every_fix_is_proven_by_loom_and_shuttle_dfs() {
    for variant in ["atomic", "add", "mutex", "local"] {
        for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
            for (threads, iters) in [(2, 2), (3, 1)] {
                let report = explore_counter(variant, threads, iters, checker);
                let what = format!("{variant} {checker:?} {threads}x{iters}");
                assert!(report.exhaustive, "{what}");
                assert_eq!(report.violations, 0, "{what}");
                assert_eq!(
                    finals(&report),
                    BTreeSet::from([threads as i64 * iters as i64]),
                    "{what}"
                );
                assert!(report.counterexample.is_none(), "{what}");
            }
        }
    }
}

/// `add` is `atomic` without reading back: its increments commute, so the SC checker explores
/// one class where `atomic` explores one per order of its `fetch_add`s ((n k)! / (k!)^n).
#[test]
fn increments_nobody_reads_back_are_one_class_and_fetch_adds_are_one_per_order() {
    for (threads, iters, orders) in [(2, 2, 6), (3, 2, 90), (2, 3, 20)] {
        let sc = |variant: &str, symmetry: bool| {
            let params = Params::sized(CounterLab.info(), threads, iters);
            let mut request = ExploreRequest::new(variant, params, Checker::Dpor);
            request.symmetry = symmetry;
            super::lab().explore(&request).unwrap()
        };
        let what = format!("{threads}x{iters}");
        let (add, atomic) = (sc("add", false), sc("atomic", false));
        assert!(add.exhaustive && atomic.exhaustive, "{what}");
        assert_eq!((add.executions, atomic.executions), (1, orders), "{what}");
        assert_eq!(finals(&add), finals(&atomic), "{what}");
        let orbit = sc("add", true);
        assert_eq!((orbit.executions, orbit.classes), (1, Some(1)), "{what}");
    }
}

#[test]
fn the_simplest_lost_update_needs_exactly_one_preemption() {
    for checker in [
        Checker::Dpor,
        Checker::Loom,
        Checker::Dfs,
        Checker::Random,
        Checker::Pct,
    ] {
        let report = explore_counter("racy", 2, 1, checker);
        let cx = report.counterexample.expect("a lost update");
        assert_eq!(cx.preemptions, 1, "{checker:?}");
        assert_eq!(cx.verdict, "lost 1 update");
        // load, load, store, store: the second store overwrites the first.
        let actions: Vec<_> = cx.steps.iter().map(|s| s.action.word()).collect();
        assert_eq!(actions, ["load", "load", "store", "store"], "{checker:?}");
        assert!(
            cx.steps.iter().all(|s| !s.stale),
            "shuttle traces are sequentially consistent"
        );
    }
}

#[test]
fn every_sampling_checker_finds_the_lost_update_and_its_token_replays_the_same_trace() {
    for checker in [Checker::Dpor, Checker::Random, Checker::Pct] {
        let params = Params::sized(CounterLab.info(), 2, 3);
        let mut request = ExploreRequest::new("racy", params, checker);
        request.budget = Budget {
            max_executions: Some(500),
            time_limit: None,
            stop_at_first: false,
        };
        let report = super::lab().explore(&request).unwrap();
        assert_eq!(report.exhaustive, checker == Checker::Dpor);
        assert!(report.violations > 0, "{checker:?}");
        let cx = report.counterexample.unwrap();
        let token = token::decode(cx.replay.as_deref().unwrap()).unwrap();
        let replayed = super::lab().replay(&token).unwrap();
        assert_eq!(replayed.executions, 1);
        let again = replayed.counterexample.unwrap();
        assert_eq!(again.steps, cx.steps, "{checker:?}");
        assert_eq!(again.replay, cx.replay);
    }
}

#[test]
fn a_budget_stops_the_exploration_and_says_it_was_not_exhaustive() {
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        let params = Params::sized(CounterLab.info(), 2, 3);
        let mut request = ExploreRequest::new("racy", params, checker);
        request.budget.max_executions = Some(25);
        let report = super::lab().explore(&request).unwrap();
        assert_eq!(report.executions, 25, "{checker:?}");
        assert!(!report.exhaustive);
        assert!(report.limited_by.unwrap().contains("execution limit"));
    }
}

#[test]
fn a_preemption_bound_is_reported_and_is_not_exhaustive() {
    let params = Params::sized(CounterLab.info(), 2, 2);
    let mut request = ExploreRequest::new("racy", params, Checker::Dfs);
    request.max_preemptions = Some(1);
    let bounded = super::lab().explore(&request).unwrap();
    let full = explore_counter("racy", 2, 2, Checker::Dfs);
    assert!(!bounded.exhaustive);
    assert!(bounded.executions < full.executions);
    assert!(finals(&bounded).is_subset(&finals(&full)));
}

/// The numbers of classes, counted by the brute-force enumerator in racelab-core's tests
/// (`the_counter_shapes_have_the_known_numbers_of_classes`): the SC checker explores exactly
/// one execution per class, none redundant.
#[test]
fn the_sc_checker_explores_one_execution_per_class() {
    for (variant, threads, iters, classes) in [
        ("racy", 2, 1, 4),
        ("racy", 2, 2, 34),
        ("racy", 2, 3, 328),
        ("racy", 3, 1, 36),
        ("mutex", 2, 2, 6),
        ("mutex", 3, 2, 90),
    ] {
        let report = explore_counter(variant, threads, iters, Checker::Dpor);
        let what = format!("{variant} {threads}x{iters}");
        assert_eq!(report.executions, classes, "{what}");
        assert_eq!(report.redundant, Some(0), "{what}");
        assert!(report.exhaustive, "{what}");
    }
}

#[test]
fn the_sc_checker_takes_no_preemption_bound() {
    let params = Params::sized(CounterLab.info(), 2, 2);
    let mut request = ExploreRequest::new("racy", params, Checker::Dpor);
    request.max_preemptions = Some(1);
    let refused = super::lab().explore(&request).unwrap_err().to_string();
    assert!(refused.contains("--checker dfs"), "{refused}");
}
