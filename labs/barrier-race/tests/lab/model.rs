//! The barrier under the model checkers: the racy count sleeps for ever, the one-round barrier
//! lets a thread lap the others, and both fixes are proven.

use barrier_race::BarrierLab;
use racelab_core::explore::ExploreRequest;
use racelab_core::{Checker, Declared, Error, Params, Report};

fn meet(variant: &str, threads: usize, rounds: u64, checker: Checker) -> Report {
    let params = Params::sized(BarrierLab.info(), threads, rounds);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

#[test]
fn a_racy_count_leaves_every_thread_waiting() {
    let report = meet("racy-count", 2, 1, Checker::Dpor);
    assert_eq!(report.redundant, Some(0));
    let cx = report.counterexample.expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
    assert_eq!(cx.state["deadlocked"], 2);
}

#[test]
fn a_one_round_barrier_in_a_loop_lets_a_thread_lap_the_others() {
    let once = meet("turnstile-once", 3, 1, Checker::Dpor);
    assert_eq!(once.violations, 0, "one round is fine");
    let report = meet("turnstile-once", 2, 2, Checker::Dpor);
    assert_eq!(report.redundant, Some(0));
    let cx = report.counterexample.expect("a lap");
    // The lapping thread took the slow one's permit: the slow one then waits for ever too.
    assert_eq!(
        cx.verdict,
        "a thread left the barrier before every thread arrived, deadlock"
    );
}

#[test]
fn both_fixes_are_proven_with_no_redundant_execution() {
    let sizes = [
        ("two-turnstiles", 2, 2),
        ("two-turnstiles", 3, 1),
        ("std-barrier", 2, 3),
        ("std-barrier", 3, 2),
    ];
    for (variant, threads, rounds) in sizes {
        let report = meet(variant, threads, rounds, Checker::Dpor);
        let at = format!("{variant} {threads}x{rounds}");
        assert!(report.exhaustive, "{at}");
        assert_eq!(report.violations, 0, "{at}: {:?}", report.counterexample);
        assert_eq!(report.redundant, Some(0), "{at}");
    }
}

/// loom stops at the first execution in which every thread is blocked, which the lap leads to.
#[test]
fn loom_agrees() {
    let std_barrier = meet("std-barrier", 2, 2, Checker::Loom);
    assert_eq!(std_barrier.violations, 0);
    let params = Params::sized(BarrierLab.info(), 2, 2);
    let request = ExploreRequest::new("turnstile-once", params, Checker::Loom);
    match super::lab().explore(&request) {
        Ok(report) => assert!(report.violations > 0),
        Err(error) => assert!(matches!(error, Error::Deadlock { .. }), "{error}"),
    }
}

/// A barrier that does not wait lets a thread leave before the other arrives, and what measures
/// it (the arrivals and the early leavers) is private: an empty `meet` is caught, not verified.
#[test]
fn a_meet_that_does_not_wait_is_caught() {
    let lab = racelab_core::graded!(BarrierLab, |meeting, cx| barrier_race::rounds(
        meeting,
        cx,
        |_, _| {}
    ));
    let params = Params::sized(BarrierLab.info(), 2, 1);
    for (checker, verdict) in lab.verdicts_at(&params).unwrap() {
        let said = "a thread left the barrier before every thread arrived";
        assert_eq!(verdict.as_deref(), Some(said), "{checker:?}");
    }
}
