//! The philosophers on real threads. Whether a dinner deadlocks is chance, so these tests
//! assert the accounting: every trial is counted, and a fix never deadlocks.

use philosophers_race::PhilosophersLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn every_trial_is_counted_and_the_fixes_never_deadlock() {
    for variant in ["naive", "ordered", "waiter"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(PhilosophersLab.info(), 5, 10),
            trials: 50,
            window: Window::Yield,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        assert_eq!(report.executions, 50, "{variant}");
        let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(counted, 50, "{variant}");
        if variant != "naive" {
            assert_eq!(report.violations, 0, "{variant}");
        }
    }
}
