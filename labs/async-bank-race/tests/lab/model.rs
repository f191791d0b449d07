//! The async-bank lab under the model checkers: tasks switch only at awaits, the racy variant
//! overdraws across its await, and both fixes are proven under loom and shuttle DFS.

use async_bank_race::AsyncBankLab;
use racelab_core::explore::{explore, ExploreRequest};
use racelab_core::trace::Action;
use racelab_core::{Checker, Declared, Params, Report};

fn bank(variant: &str, threads: usize, iters: u64, checker: Checker) -> Report {
    let params = Params::sized(AsyncBankLab.info(), threads, iters);
    explore(
        &AsyncBankLab,
        &ExploreRequest::new(variant, params, checker),
    )
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
