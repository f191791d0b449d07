//! Message passing under each checker: SeqCst is proven by the SC checker; Relaxed breaks only
//! under loom (a stale read), and the SC checker says it cannot see it; release/acquire holds.

use publish_race::PublishLab;
use racelab_core::explore::ExploreRequest;
use racelab_core::{Caveat, Checker, Declared, Params, Report};

fn explore_with(variant: &str, checker: Checker, by_orderings: bool) -> Report {
    let sizes = PublishLab.info().model_sizes;
    let params = Params::sized(PublishLab.info(), sizes.threads, sizes.iters);
    let mut request = ExploreRequest::new(variant, params, checker);
    request.by_orderings = by_orderings;
    super::lab().explore(&request).unwrap()
}

fn cannot_see(report: &Report) -> bool {
    matches!(report.caveat, Some(Caveat::CannotSee { .. }))
}

#[test]
fn relaxed_the_sc_checker_cannot_see_it_and_says_so() {
    let report = explore_with("relaxed", Checker::Dpor, false);
    assert_eq!(report.violations, 0);
    assert!(!report.exhaustive, "no verdict is a proof");
    assert!(cannot_see(&report), "{:?}", report.caveat);
    assert_eq!(report.weak_orderings, ["Relaxed"]);
}

#[test]
fn relaxed_loom_finds_the_flag_seen_and_the_data_stale() {
    let report = explore_with("relaxed", Checker::Loom, false);
    assert!(report.violations > 0);
    let cx = report.counterexample.expect("a counterexample");
    assert_eq!(cx.verdict, "flag seen, data stale");
    let stale: Vec<_> = cx.steps.iter().filter(|s| s.stale).collect();
    assert_eq!(stale.len(), 1, "{:?}", cx.steps);
    assert_eq!(
        (stale[0].target.as_ref(), stale[0].value),
        ("data", Some(0))
    );
    assert!(cx
        .steps
        .iter()
        .all(|s| s.ordering.as_deref() == Some("Relaxed")));
}

#[test]
fn release_acquire_holds_under_both_checkers() {
    let sc = explore_with("release-acquire", Checker::Dpor, false);
    assert_eq!(sc.violations, 0);
    assert!(
        cannot_see(&sc),
        "the SC checker's 'no violation' is not the verdict"
    );
    let loom = explore_with("release-acquire", Checker::Loom, false);
    assert_eq!((loom.violations, loom.caveat.clone()), (0, None));
    assert_eq!(loom.weak_orderings, ["Acquire", "Relaxed", "Release"]);
}

#[test]
fn seqcst_is_proven_by_the_sc_checker_and_loom_agrees() {
    let sc = explore_with("seqcst", Checker::Dpor, false);
    assert!(sc.exhaustive && sc.violations == 0 && sc.caveat.is_none());
    assert!(sc.weak_orderings.is_empty());
    let loom = explore_with("seqcst", Checker::Loom, false);
    assert_eq!(loom.violations, 0);
}

#[test]
fn the_orderings_choose_the_checker() {
    let chosen = |variant| explore_with(variant, Checker::Dpor, true);
    let relaxed = chosen("relaxed");
    assert_eq!(relaxed.checker, Some(Checker::Loom));
    assert!(relaxed.violations > 0 && relaxed.chosen_because.is_some());
    assert_eq!(chosen("release-acquire").checker, Some(Checker::Loom));
    let seqcst = chosen("seqcst");
    assert_eq!(seqcst.checker, Some(Checker::Dpor));
    assert!(seqcst.exhaustive && seqcst.chosen_because.is_none());
}

/// A writer that publishes nothing can never be read stale: the data and the flag must hold the
/// message at the end, so an empty writer is caught, on every checker, and a correct solution's
/// outcomes have no column for them.
#[test]
fn a_writer_that_does_not_publish_is_caught() {
    use publish_race::NOT_READ;
    let lab = racelab_core::graded!(PublishLab, |_message, _cx| NOT_READ);
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        let params = Params::sized(PublishLab.info(), 2, 1);
        let report = lab.explore_at(params, checker).unwrap();
        assert_eq!(report.violations, report.executions, "{checker:?}");
        let cx = report.counterexample.expect("nothing published");
        assert_eq!(
            cx.verdict,
            "the writer left the data at 0, not 42, the writer left the flag at 0, not 1",
            "{checker:?}"
        );
    }
    for variant in ["seqcst", "release-acquire"] {
        for checker in [Checker::Dpor, Checker::Loom] {
            let report = explore_with(variant, checker, false);
            assert_eq!(report.violations, 0, "{variant} {checker:?}");
            assert!(report.outcomes.iter().all(|o| o.state.len() == 2));
        }
    }
}
