//! The counter lab on real threads. Whether a race shows up is chance, so these tests assert
//! only the runner's accounting (expected - observed = lost), never that updates were lost.

use counter_race::CounterLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

fn run(variant: &str, window: Window) -> racelab_core::Report {
    let request = RunRequest {
        variant: variant.into(),
        params: Params::sized(CounterLab.info(), 2, 2_000),
        trials: 20,
        window,
    };
    let mut calls = 0;
    let report = super::lab().run(&request, &mut |_| calls += 1).unwrap();
    assert_eq!(calls, 20, "progress is reported after every trial");
    report
}

#[test]
fn every_trial_accounts_for_its_lost_updates() {
    for window in [Window::None, Window::Yield, Window::Spin] {
        let report = run("racy", window);
        let trials = report.trials.as_ref().unwrap();
        assert_eq!(trials.len(), 20);
        assert_eq!(report.executions, 20);
        assert_eq!(report.window, Some(window));
        for t in trials {
            assert_eq!(t.expected, 4_000);
            assert_eq!(t.expected - t.observed, t.lost);
            assert!(
                t.lost >= 0 && t.observed >= 2,
                "load-then-store never gains"
            );
        }
        let lossy = trials.iter().filter(|t| t.lost > 0).count() as u64;
        assert_eq!(report.loss.as_ref().unwrap().lossy_trials, lossy);
        assert_eq!(report.violations, lossy);
        assert_eq!(report.outcomes.iter().map(|o| o.count).sum::<u64>(), 20);
    }
}

#[test]
fn fixes_never_lose_an_update_on_real_threads() {
    for variant in ["atomic", "add", "mutex", "local"] {
        let report = run(variant, Window::Spin);
        assert_eq!(report.violations, 0, "{variant}");
        assert!(report.trials.unwrap().iter().all(|t| t.lost == 0));
    }
}
