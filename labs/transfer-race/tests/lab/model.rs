//! The transfer lab under the model checkers: the naive variant deadlocks (reported as an
//! outcome with the trace that reaches it), and both fixes are proven under loom and shuttle DFS.

use racelab_core::explore::ExploreRequest;
use racelab_core::trace::Action;
use racelab_core::{Checker, Declared, Params, Report};
use transfer_race::TransferLab;

fn transfer(variant: &str, threads: usize, iters: u64, checker: Checker) -> Report {
    let params = Params::sized(TransferLab.info(), threads, iters);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

#[test]
fn naive_deadlocks_and_the_trace_shows_who_holds_what() {
    for checker in [Checker::Loom, Checker::Dfs] {
        let report = transfer("naive", 2, 1, checker);
        assert!(report.exhaustive, "{checker:?}");
        assert!(report.violations > 0, "{checker:?}");
        // Which transfer gives up (and so which way the money moved) differs between outcomes.
        for outcome in &report.outcomes {
            assert!(
                ["ok", "deadlock"].contains(&outcome.verdict.as_str()),
                "{checker:?}"
            );
        }
        for outcome in &report.outcomes {
            let (a, b) = (outcome.state["A"], outcome.state["B"]);
            assert_eq!(
                a + b,
                200,
                "locks keep the money right even when one transfer gives up"
            );
        }
        let cx = report.counterexample.expect("a deadlock trace");
        assert_eq!(cx.verdict, "deadlock");
        let locks: Vec<(usize, Action, &str)> = cx
            .steps
            .iter()
            .take(3)
            .map(|s| (s.thread, s.action, s.target.as_ref()))
            .collect();
        assert_eq!(
            locks,
            [
                (1, Action::Lock, "A"),
                (2, Action::Lock, "B"),
                (2, Action::Deadlock, "A")
            ],
            "{checker:?}: each holds its source; the second waits for the first's"
        );
        assert_eq!(cx.steps[2].value, Some(1), "thread 1 holds A");
        assert_eq!(cx.preemptions, 1);
    }
}

/// loom at three sizes; DFS, which has no reduction, at 2 x 1 (at 3 x 1 it needs 0.9 to over 2.9
/// million schedules: see BENCHMARKS.md).
#[test]
fn ordered_and_global_lock_are_proven() {
    let sizes = [
        (2, 1, Checker::Dpor),
        (2, 2, Checker::Dpor),
        (3, 2, Checker::Dpor),
        (2, 1, Checker::Loom),
        (2, 2, Checker::Loom),
        (3, 1, Checker::Loom),
        (2, 1, Checker::Dfs),
    ];
    for variant in ["ordered", "global-lock"] {
        for (threads, iters, checker) in sizes {
            let report = transfer(variant, threads, iters, checker);
            assert!(report.exhaustive, "{variant} {threads}x{iters} {checker:?}");
            assert_eq!(
                report.violations, 0,
                "{variant} {threads}x{iters} {checker:?}"
            );
            assert!(report.executions > 1);
        }
    }
}

#[test]
fn three_transfers_deadlock_too() {
    let report = transfer("naive", 3, 1, Checker::Loom);
    assert!(report.exhaustive && report.violations > 0);
}

/// Under racelab's SC checker nobody gives up: the timeline ends where each transfer holds its
/// source and waits for the other's, and the state is the deadlock itself.
#[test]
fn the_sc_checker_ends_the_deadlock_where_both_wait() {
    let report = transfer("naive", 2, 1, Checker::Dpor);
    assert!(report.exhaustive);
    let cx = report.counterexample.expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
    assert_eq!(cx.state["deadlocked"], 2, "both transfers wait forever");
    assert_eq!((cx.state["A"], cx.state["B"]), (100, 100), "no money moved");
    let shape: Vec<Action> = cx.steps.iter().map(|s| s.action).collect();
    assert_eq!(
        shape,
        [
            Action::Lock,
            Action::Lock,
            Action::Deadlock,
            Action::Deadlock
        ]
    );
    let waits: Vec<(usize, &str, Option<i64>)> = cx.steps[2..]
        .iter()
        .map(|s| (s.thread, s.target.as_ref(), s.value))
        .collect();
    assert!(waits.contains(&(1, "B", Some(2))), "{waits:?}");
    assert!(waits.contains(&(2, "A", Some(1))), "{waits:?}");
    assert_eq!(
        cx.preemptions, 1,
        "one switch while the first could still lock"
    );
}

/// A transfer that returns without moving the money cannot deadlock or lose a unit: each
/// thread's moves are counted, and where every transfer finished the balances are known, so a
/// transfer skipped or made the wrong way is caught, on every checker. A correct transfer's
/// outcomes have no column for the count.
#[test]
fn a_transfer_that_skips_or_reverses_the_move_is_caught() {
    use transfer_race::{move_money, transfers};
    let lab = racelab_core::graded!(TransferLab, |bank, cx| transfers(bank, cx, |bank, cx| {
        if cx.thread() == 2 {
            // Thread 2 should move B to A; it moves A to B.
            let _bank = bank.bank_lock.lock_or_deadlock(cx)?;
            move_money(&bank.a, &bank.b, bank.amount, cx);
        }
        Ok(())
    }));
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        let params = Params::sized(TransferLab.info(), 2, 1);
        let report = lab.explore_at(params, checker).unwrap();
        let cx = report.counterexample.expect("a skipped transfer");
        assert_eq!(
            cx.verdict,
            "thread 1 moved the money 0 times, not 1, \
             the accounts end at A = 90, B = 110, not A = 100, B = 100",
            "{checker:?}"
        );
    }
    let nothing = racelab_core::graded!(TransferLab, |bank, cx| transfers(bank, cx, |_, _| Ok(())));
    let params = Params::sized(TransferLab.info(), 3, 1);
    let cx = (nothing.explore_at(params, Checker::Dpor))
        .unwrap()
        .counterexample
        .expect("no transfer");
    assert_eq!(
        cx.verdict,
        "thread 1 moved the money 0 times, not 1, thread 2 moved the money 0 times, not 1, \
         thread 3 moved the money 0 times, not 1, \
         the accounts end at A = 100, B = 100, not A = 90, B = 110"
    );
    for variant in ["ordered", "global-lock"] {
        let correct = transfer(variant, 3, 2, Checker::Dpor);
        assert_eq!(correct.violations, 0, "{variant}");
        assert!(
            correct.outcomes.iter().all(|o| o.state.len() == 3),
            "{variant}"
        );
    }
}
