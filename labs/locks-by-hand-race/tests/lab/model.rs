//! The locks made by hand under the model checkers: two flags let both in, the others are
//! proven, and the worst bypass of each is what its protocol promises.

use locks_by_hand_race::LocksByHandLab;
use racelab_core::explore::ExploreRequest;
use racelab_core::{Checker, Declared, Params, Report};

fn enter(variant: &str, entries: u64, bound: i64, checker: Checker) -> Report {
    let mut params = Params::sized(LocksByHandLab.info(), 2, entries);
    params.extra.insert("bypass-bound".into(), bound);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

fn worst_bypass(report: &Report) -> i64 {
    let bypassed = report.outcomes.iter().map(|o| o.state["worst bypass"]);
    bypassed.max().expect("an outcome")
}

#[test]
fn two_flags_let_both_threads_in() {
    let report = enter("two-flags", 1, 0, Checker::Dpor);
    assert_eq!(report.redundant, Some(0));
    let cx = report.counterexample.expect("both inside");
    assert_eq!(cx.verdict, "both threads were inside at once");
}

/// `variant` at `entries` each, explored by the SC checker: proven.
fn proven(variant: &str, entries: u64) -> Report {
    let report = enter(variant, entries, 0, Checker::Dpor);
    assert!(report.exhaustive, "{variant} x{entries}");
    assert_eq!(report.violations, 0, "{variant} x{entries}");
    assert_eq!(report.redundant, Some(0), "{variant} x{entries}");
    report
}

/// (At three entries each, the ticket and test-and-set locks are proven below.)
#[test]
fn peterson_ticket_and_test_and_set_are_proven() {
    for variant in ["peterson", "ticket", "test-and-set"] {
        for entries in 1..=2 {
            let report = proven(variant, entries);
            if variant == "peterson" && entries == 2 {
                assert_eq!(worst_bypass(&report), 1, "bypassed at most once, by hand");
            }
        }
    }
}

/// Worked out by hand: a thread waiting for a test-and-set lock can watch the other take it for
/// every one of its entries; with a ticket (or Peterson's turn) it gets in after at most one.
#[test]
fn test_and_set_is_not_fair_and_the_ticket_lock_is() {
    for entries in [2, 3] {
        assert_eq!(
            worst_bypass(&proven("test-and-set", entries)),
            entries as i64
        );
        assert_eq!(worst_bypass(&proven("ticket", entries)), 1);
    }
    let bounded = enter("test-and-set", 2, 1, Checker::Dpor);
    let cx = bounded.counterexample.expect("a thread bypassed twice");
    assert_eq!(cx.verdict, "a waiting thread was bypassed more than once");
    assert_eq!(enter("ticket", 2, 1, Checker::Dpor).violations, 0);
}

/// loom explores a spin loop that calls `hint::spin_loop` (it lets the others run first).
#[test]
fn loom_agrees_on_the_atomic_locks() {
    for variant in ["ticket", "test-and-set"] {
        let report = enter(variant, 1, 0, Checker::Loom);
        assert_eq!(report.violations, 0, "{variant}");
    }
}

/// Peterson's lock with Release stores and Acquire loads: proven under sequential consistency,
/// and loom shows both threads inside (the dekker lab's store buffering). loom then gives up on
/// an execution whose spin keeps reading an old value; the violation it found stands, and the
/// report says it is not exhaustive, and why.
#[test]
fn release_acquire_lets_both_into_petersons_lock_under_loom() {
    let sc = enter("peterson-acqrel", 1, 0, Checker::Dpor);
    assert_eq!(sc.violations, 0);
    assert!(!sc.exhaustive, "an SC checker cannot judge weak orderings");
    let loom = enter("peterson-acqrel", 1, 0, Checker::Loom);
    let cx = loom.counterexample.expect("both inside");
    assert_eq!(cx.verdict, "both threads were inside at once");
    assert!(cx.steps.iter().any(|s| s.stale), "{:?}", cx.steps);
    assert!(
        loom.exhaustive || loom.limit == Some(racelab_core::Limit::GaveUp { steps: 5_000 }),
        "{:?}",
        loom.limit
    );
}

/// A lock that lets a thread return without passing the critical section, or pass it for the
/// other thread, excludes nobody: the count of each thread's passes catches it, on every
/// checker, and a correct lock's outcomes have no column for the count.
#[test]
fn a_thread_that_skips_the_critical_section_is_caught() {
    use locks_by_hand_race::{entries, Waiting};
    let lab = racelab_core::graded!(LocksByHandLab, |hand, cx| entries(hand, cx, |hand, cx| {
        if cx.thread() == 1 {
            hand.critical_section(cx, Waiting::default());
            hand.critical_section(cx, Waiting::default());
        }
    }));
    for checker in [Checker::Dpor, Checker::Loom] {
        let params = Params::sized(LocksByHandLab.info(), 2, 1);
        let report = lab.explore_at(params, checker).unwrap();
        let cx = report.counterexample.expect("a skipped critical section");
        assert_eq!(
            cx.verdict,
            "thread 1 passed the critical section 2 times, not 1, \
             thread 2 passed the critical section 0 times, not 1",
            "{checker:?}"
        );
    }
    let correct = enter("peterson", 2, 0, Checker::Dpor);
    assert!(correct.outcomes.iter().all(|o| o.state.len() == 2));
}
