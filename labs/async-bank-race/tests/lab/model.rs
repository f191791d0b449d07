//! The async-bank lab under the model checkers: tasks switch only at awaits, the racy variant
//! overdraws across its await, and both fixes are proven under loom and shuttle DFS.

use async_bank_race::AsyncBankLab;
use racelab_core::explore::{explore, ExploreRequest};
use racelab_core::trace::Action;
use racelab_core::{Checker, Declared, Params, Report};

fn bank(variant: &str, threads: usize, iters: u64, checker: Checker) -> Report {
    let params = Params::sized(AsyncBankLab.info(), threads, iters);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

#[test]
fn racy_overdraws_across_the_await_and_never_loses_an_update() {
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        let report = bank("racy", 2, 1, checker);
        assert!(report.exhaustive && report.violations > 0, "{checker:?}");
        for outcome in &report.outcomes {
            // No await between a load and its store: tasks cannot split them.
            assert_eq!(
                outcome.state["balance"] + outcome.state["paid"],
                100,
                "{checker:?}"
            );
        }
        let cx = report.counterexample.unwrap();
        assert!(cx.verdict.contains("overdraft"), "{checker:?}");
        // Every switch between tasks happens right after an await, or when a task is done.
        for (i, pair) in cx.steps.windows(2).enumerate() {
            let done = !cx.steps[i + 1..].iter().any(|s| s.thread == pair[0].thread);
            if pair[0].thread != pair[1].thread {
                assert!(
                    pair[0].action == Action::Await || done,
                    "{checker:?}: {:?}",
                    cx.steps
                );
            }
        }
    }
}

#[test]
fn no_await_between_and_the_async_mutex_are_proven() {
    // DFS of the async mutex at 3 x 1 takes 0.6 million schedules (12 s): loom covers it.
    for variant in ["no-await-between", "async-mutex"] {
        for (threads, iters) in [(2, 1), (2, 2), (3, 1)] {
            for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
                if (variant, threads, checker) == ("async-mutex", 3, Checker::Dfs) {
                    continue;
                }
                let report = bank(variant, threads, iters, checker);
                assert!(report.exhaustive, "{variant} {threads}x{iters} {checker:?}");
                assert_eq!(
                    report.violations, 0,
                    "{variant} {threads}x{iters} {checker:?}"
                );
            }
        }
    }
}

/// The final states and violations of `lab` (a student-like variant of the bank) under the SC
/// checker, after checking that they are exactly those shuttle's DFS (no reduction) reaches.
fn as_dfs_reaches<L: racelab_core::Lab>(lab: &L) -> (usize, u64) {
    use std::collections::BTreeSet;
    let states = |checker| {
        let params = Params::sized(AsyncBankLab.info(), 2, 1);
        let report = explore(lab, &ExploreRequest::new("student", params, checker)).unwrap();
        assert!(report.exhaustive, "{checker:?}");
        let states: BTreeSet<_> = report.outcomes.into_iter().map(|o| o.state).collect();
        (states, report.violations)
    };
    let (dfs, _) = states(Checker::Dfs);
    let (dpor, violations) = states(Checker::Dpor);
    assert_eq!(dpor, dfs);
    (dpor.len(), violations)
}

/// A task that checks the balance before its first await: the check runs in the task's first
/// step, before any scheduling point. The SC checker once took that step to touch nothing, and
/// proved this overdraft away in 1 execution.
#[test]
fn a_check_before_the_first_await_is_ordered_with_the_other_tasks() {
    use async_bank_race::executor::Executor;
    use racelab_core::coop::CoopCell;
    use racelab_core::{Ctx, Runtime};

    async fn withdraw<R: Runtime>(
        ex: &Executor<'_, R>,
        balance: &CoopCell,
        amount: i64,
        cx: &Ctx,
    ) -> bool {
        if balance.load(cx) < amount {
            return false;
        }
        ex.pause(cx).await;
        let seen = balance.load(cx);
        balance.store(cx, seen - amount);
        true
    }
    let lab = racelab_core::graded!(AsyncBankLab, |bank, cx| async_bank_race::tasks(
        bank, cx, withdraw
    ));
    let (_, violations) = as_dfs_reaches(&lab);
    assert!(violations > 0);
}

/// Tasks that never await: each runs whole in its first step, and which starts first decides
/// the end. The SC checker once explored one of the two orders only.
#[test]
fn tasks_without_an_await_run_in_either_order() {
    use async_bank_race::executor::Executor;
    use racelab_core::coop::CoopCell;
    use racelab_core::{Ctx, Runtime};

    async fn append_my_number<R: Runtime>(
        _ex: &Executor<'_, R>,
        balance: &CoopCell,
        _amount: i64,
        cx: &Ctx,
    ) -> bool {
        let seen = balance.load(cx);
        balance.store(cx, seen * 10 + cx.thread() as i64);
        true
    }
    let lab = racelab_core::graded!(AsyncBankLab, |bank, cx| async_bank_race::tasks(
        bank,
        cx,
        append_my_number
    ));
    let (states, _) = as_dfs_reaches(&lab);
    assert_eq!(states, 2);
}

/// A task that awaits and then refuses every withdrawal overdraws nothing: the bank's
/// invariants require what the balance covers to be paid, so it is caught, not verified.
#[test]
fn a_withdraw_that_refuses_what_the_balance_covers_is_caught() {
    use async_bank_race::executor::Executor;
    use racelab_core::coop::CoopCell;
    use racelab_core::{Ctx, Runtime};

    async fn refuse<R: Runtime>(
        ex: &Executor<'_, R>,
        _balance: &CoopCell,
        _amount: i64,
        cx: &Ctx,
    ) -> bool {
        ex.pause(cx).await;
        false
    }
    let lab = racelab_core::graded!(AsyncBankLab, |bank, cx| async_bank_race::tasks(
        bank, cx, refuse
    ));
    let params = Params::sized(AsyncBankLab.info(), 2, 1);
    for (checker, verdict) in lab.verdicts_at(&params).unwrap() {
        let said = "a withdrawal the balance covered was refused";
        assert_eq!(verdict.as_deref(), Some(said), "{checker:?}");
    }
    let correct = bank("async-mutex", 2, 1, Checker::Dpor);
    assert_eq!(correct.violations, 0);
    assert!(correct.outcomes.iter().all(|o| o.state.len() == 2));
}
