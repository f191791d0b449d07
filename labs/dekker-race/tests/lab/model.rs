//! Store buffering under each checker: Relaxed and release/acquire break only under loom (both
//! loads stale), SeqCst is proven by the SC checker while loom raises a false alarm (loom#180),
//! and a SeqCst fence holds under loom.

use dekker_race::DekkerLab;
use racelab_core::explore::ExploreRequest;
use racelab_core::{Caveat, Checker, Declared, Params, Report};

fn explore_with(variant: &str, checker: Checker, by_orderings: bool) -> Report {
    let params = Params::sized(DekkerLab.info(), 2, 1);
    let mut request = ExploreRequest::new(variant, params, checker);
    request.by_orderings = by_orderings;
    super::lab().explore(&request).unwrap()
}

fn both_inside_with_stale_loads(report: &Report) {
    assert!(report.violations > 0);
    let cx = report.counterexample.as_ref().expect("a counterexample");
    assert_eq!(cx.verdict, "both inside");
    let loads: Vec<_> = cx.steps.iter().filter(|s| s.value == Some(0)).collect();
    assert_eq!(loads.len(), 2, "both threads read the other's flag down");
    assert!(
        loads.iter().any(|s| s.stale),
        "the load after both stores read a stale 0: {:?}",
        cx.steps
    );
}

#[test]
fn relaxed_and_release_acquire_break_only_under_loom() {
    for variant in ["relaxed", "release-acquire"] {
        let sc = explore_with(variant, Checker::Dpor, false);
        assert_eq!(sc.violations, 0, "{variant}");
        assert!(
            matches!(sc.caveat, Some(Caveat::CannotSee { .. })),
            "{variant}"
        );
        let loom = explore_with(variant, Checker::Loom, false);
        both_inside_with_stale_loads(&loom);
        assert_eq!(
            loom.caveat, None,
            "{variant}: a real bug, not a false alarm"
        );
    }
}

#[test]
fn seqcst_is_proven_and_loom_s_counterexample_is_a_false_alarm() {
    let sc = explore_with("seqcst", Checker::Dpor, false);
    assert!(sc.exhaustive && sc.violations == 0 && sc.caveat.is_none());
    let loom = explore_with("seqcst", Checker::Loom, false);
    both_inside_with_stale_loads(&loom);
    assert_eq!(loom.caveat, Some(Caveat::FalseAlarm));
}

#[test]
fn a_seqcst_fence_holds_under_loom() {
    let loom = explore_with("seqcst-fence", Checker::Loom, false);
    assert_eq!((loom.violations, loom.caveat.clone()), (0, None));
    let cx_steps_fence = DekkerLab
        .info()
        .variants_source
        .contains("fence::<R>(cx, SeqCst)");
    assert!(cx_steps_fence);
    let sc = explore_with("seqcst-fence", Checker::Dpor, false);
    assert_eq!(sc.violations, 0);
    assert!(matches!(sc.caveat, Some(Caveat::CannotSee { .. })));
}

#[test]
fn the_orderings_choose_the_checker() {
    let chosen = |variant| explore_with(variant, Checker::Dpor, true);
    for (variant, checker, broken) in [
        ("relaxed", Checker::Loom, true),
        ("release-acquire", Checker::Loom, true),
        ("seqcst", Checker::Dpor, false),
        ("seqcst-fence", Checker::Loom, false),
    ] {
        let report = chosen(variant);
        assert_eq!(report.checker, Some(checker), "{variant}");
        assert_eq!(report.violations > 0, broken, "{variant}");
    }
}

#[test]
fn other_sizes_are_refused_with_a_reason() {
    let params = Params::sized(DekkerLab.info(), 3, 1);
    let request = ExploreRequest::new("seqcst", params, Checker::Dpor);
    let error = super::lab().explore(&request).unwrap_err().to_string();
    assert!(error.contains("exactly 2 threads"), "{error}");
}

/// A `try_enter` that always stays out is never both inside, and one that lets thread 1 in
/// without its flag is never both inside either: each answer is checked with one more load (a
/// thread that stayed out must find the other's flag up, one that entered its own), so both are
/// caught, on every checker, and the solutions' outcomes have no column for the check.
#[test]
fn a_try_enter_that_does_not_earn_its_answer_is_caught() {
    use dekker_race::{attempt, ENTERED};
    use std::sync::atomic::Ordering::SeqCst;
    let stays_out =
        racelab_core::graded!(DekkerLab, |flags, cx| attempt(flags, cx, |flags, cx| {
            flags.of(cx.thread()).0.store_with(cx, 1, SeqCst);
            0
        }));
    let one_enters = racelab_core::graded!(DekkerLab, |flags, cx| attempt(flags, cx, |_, cx| {
        i64::from(cx.thread() == 1) * ENTERED
    }));
    let params = Params::sized(DekkerLab.info(), 2, 1);
    for (checker, verdict) in stays_out.verdicts_at(&params).unwrap() {
        let said = "thread 1 stayed out with thread 2's flag down";
        assert_eq!(verdict.as_deref(), Some(said), "{checker:?}");
    }
    for (checker, verdict) in one_enters.verdicts_at(&params).unwrap() {
        let said = "thread 1 entered with its own flag down, \
                    thread 2 stayed out with thread 1's flag down";
        assert_eq!(verdict.as_deref(), Some(said), "{checker:?}");
    }
    for (variant, checker) in [("seqcst", Checker::Dpor), ("seqcst-fence", Checker::Loom)] {
        let report = explore_with(variant, checker, false);
        assert_eq!(report.violations, 0, "{variant}");
        assert!(
            report.outcomes.iter().all(|o| o.state.len() == 1),
            "{variant}"
        );
    }
}
