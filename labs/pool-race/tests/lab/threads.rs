//! The pool lab on a real rayon pool: the accounting always adds up, and the fixes never lose a
//! count. Whether the racy variant loses one is chance, so it is not asserted.

use pool_race::PoolLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn every_task_is_accounted_for_and_the_fixes_lose_nothing() {
    for variant in ["shared-accumulator", "locked-accumulator", "map-reduce"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(PoolLab.info(), 2, 1_000),
            trials: 20,
            window: Window::Yield,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        for trial in report.trials.as_ref().unwrap() {
            assert_eq!(trial.expected, 2_000);
            assert_eq!(trial.expected - trial.observed, trial.lost);
            assert!(
                trial.lost >= 0,
                "{variant}: counts are lost, never invented"
            );
        }
        if variant != "shared-accumulator" {
            assert_eq!(report.violations, 0, "{variant}");
        }
    }
}

#[test]
fn the_pool_runs_every_task_and_resolves_every_future() {
    let sum = pool_race::pool::submit_all(3, 100, |n| n as i64);
    assert_eq!(sum, (0..100).sum::<i64>());
}
