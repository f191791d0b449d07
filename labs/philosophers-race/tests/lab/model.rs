//! The philosophers under the model checkers: the naive table deadlocks with every fork held,
//! backing off livelocks, and the ordered forks and the waiter are proven.

use philosophers_race::PhilosophersLab;
use racelab_core::explore::ExploreRequest;
use racelab_core::trace::Action;
use racelab_core::{Checker, Declared, Params, Report};

fn dinner(variant: &str, philosophers: usize, meals: u64, checker: Checker) -> Report {
    let params = Params::sized(PhilosophersLab.info(), philosophers, meals);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

#[test]
fn the_naive_table_deadlocks_with_every_philosopher_holding_its_left_fork() {
    for philosophers in 2..=5 {
        let report = dinner("naive", philosophers, 1, Checker::Dpor);
        assert!(report.exhaustive);
        assert_eq!(report.redundant, Some(0));
        let cx = report.counterexample.expect("a deadlock");
        assert_eq!(cx.verdict, "deadlock");
        assert_eq!(cx.state["deadlocked"], philosophers as i64);
        let locks: Vec<_> = (cx.steps.iter())
            .filter(|s| s.action == Action::Lock)
            .map(|s| (s.thread, s.target.to_string()))
            .collect();
        let lefts: Vec<_> = (1..=philosophers)
            .map(|p| (p, format!("fork{}", p - 1)))
            .collect();
        let mut sorted = locks.clone();
        sorted.sort();
        assert_eq!(sorted, lefts, "each holds its left fork: {locks:?}");
        let waits = cx.steps.iter().filter(|s| s.action == Action::Deadlock);
        assert_eq!(waits.count(), philosophers, "and waits for its right");
    }
}

#[test]
fn ordered_forks_and_the_waiter_are_proven() {
    // The waiter's semaphore multiplies the classes: at 5 x 1 it takes 876,600 executions.
    let sizes = [
        ("ordered", [(2, 2), (3, 2), (4, 1), (5, 1)]),
        ("waiter", [(2, 2), (3, 1), (4, 1), (2, 1)]),
    ];
    for (variant, sizes) in sizes {
        for (philosophers, meals) in sizes {
            let report = dinner(variant, philosophers, meals, Checker::Dpor);
            let at = format!("{variant} {philosophers}x{meals}");
            assert!(report.exhaustive, "{at}");
            assert_eq!(report.violations, 0, "{at}: {:?}", report.counterexample);
            assert_eq!(report.redundant, Some(0), "{at}");
        }
    }
}

#[test]
fn backing_off_never_deadlocks_but_a_philosopher_can_give_up_its_meal() {
    let report = dinner("try-and-back-off", 3, 1, Checker::Dpor);
    assert!(report.exhaustive);
    assert_eq!(report.redundant, Some(0));
    assert!(report.outcomes.iter().all(|o| o.state["deadlocked"] == 0));
    let cx = report.counterexample.expect("a livelock");
    assert_eq!(cx.verdict, "a philosopher gave up a meal");
    let failed = (cx.steps.iter()).filter(|s| s.action == Action::TryLock);
    assert!(
        failed.count() >= 2,
        "it tried its right fork twice: {:?}",
        cx.steps
    );
}

/// Shuttle DFS has no reduction: three philosophers are beyond it, and beyond loom with the
/// waiter's semaphore (built from a mutex and a condition variable).
#[test]
fn loom_and_shuttle_agree() {
    let runs = [
        ("naive", 3, Checker::Loom),
        ("ordered", 3, Checker::Loom),
        ("waiter", 2, Checker::Loom),
        ("naive", 2, Checker::Dfs),
        ("ordered", 2, Checker::Dfs),
    ];
    for (variant, philosophers, checker) in runs {
        let report = dinner(variant, philosophers, 1, checker);
        assert!(report.exhaustive, "{variant} {checker:?}");
        let broke = report.violations > 0;
        assert_eq!(broke, variant == "naive", "{variant} {checker:?}");
    }
}

/// A philosopher that says it ate without eating holds no fork and waits for nobody: each
/// philosopher's meals are counted, so such code is caught, on every checker, and a correct
/// table's outcomes have no column for the count. (Eating without holding both forks is not
/// caught: a fork has no holder to ask without a step of the checker.)
#[test]
fn a_philosopher_that_skips_its_meal_is_caught() {
    let lab = racelab_core::graded!(PhilosophersLab, |table, cx| philosophers_race::dinner(
        table,
        cx,
        |table, cx| {
            match cx.thread() {
                1 => {}
                2 => {
                    table.eat(cx);
                    table.eat(cx);
                }
                _ => table.eat(cx),
            }
            Ok(true)
        }
    ));
    let params = Params::sized(PhilosophersLab.info(), 3, 1);
    for (checker, verdict) in lab.verdicts_at(&params).unwrap() {
        let said = "philosopher 1 ate 0 times, not 1, philosopher 2 ate 2 times, not 1";
        assert_eq!(verdict.as_deref(), Some(said), "{checker:?}");
    }
    for variant in ["ordered", "waiter"] {
        let correct = dinner(variant, 3, 1, Checker::Dpor);
        assert_eq!(correct.violations, 0, "{variant}");
        assert!(
            correct.outcomes.iter().all(|o| o.state.len() == 2),
            "{variant}"
        );
    }
}
