//! Every counterexample a user sees is the simplest known: its preemption count is the minimum
//! over all sequentially consistent schedules, as unbounded shuttle DFS (which sees every one)
//! establishes; racelab's SC checker's too, with thread symmetry or without.

use bank_race::BankLab;
use counter_race::CounterLab;
use racelab_core::explore::{explore, Budget, ExploreRequest};
use racelab_core::{Checker, Declared, Lab, Params};

fn minimum_and_reported<L: Lab>(lab: &L, variant: &str, params: &Params) {
    let full = explore(
        lab,
        &ExploreRequest::new(variant, params.clone(), Checker::Dfs),
    )
    .unwrap();
    assert!(full.exhaustive);
    let minimum = full
        .counterexample
        .expect("the variant has a bug")
        .preemptions;
    for checker in [Checker::Loom, Checker::Random, Checker::Pct] {
        let mut request = ExploreRequest::new(variant, params.clone(), checker);
        request.budget = Budget {
            max_executions: Some(2_000),
            time_limit: None,
            stop_at_first: false,
        };
        let report = explore(lab, &request).unwrap();
        let shown = report.counterexample.expect("found").preemptions;
        assert_eq!(shown, minimum, "{} {variant} {checker:?}", lab.info().id);
    }
    // racelab's SC checker, one execution per class and per orbit of symmetric threads.
    for symmetry in [false, true] {
        let mut request = ExploreRequest::new(variant, params.clone(), Checker::Dpor);
        request.symmetry = symmetry;
        let report = explore(lab, &request).unwrap();
        let shown = report.counterexample.expect("found").preemptions;
        let what = format!("{} {variant} {params:?} symmetry {symmetry}", lab.info().id);
        assert_eq!(shown, minimum, "{what}");
    }
}

#[test]
fn every_buggy_variant_shows_a_counterexample_with_the_fewest_preemptions() {
    for (threads, iters) in [(2, 1), (2, 2), (3, 1)] {
        minimum_and_reported(
            &CounterLab,
            "racy",
            &Params::sized(CounterLab.info(), threads, iters),
        );
    }
    // Two threads: at three, unbounded DFS of the bank takes 0.3 to 1.3 million schedules.
    for variant in ["racy", "lock-write-only"] {
        minimum_and_reported(&BankLab, variant, &Params::sized(BankLab.info(), 2, 1));
    }
}
