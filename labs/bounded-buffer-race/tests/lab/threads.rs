//! The bounded buffer on real threads. Whether a wakeup is stolen is chance, so these tests
//! assert the accounting: every trial is counted, and a fix never goes wrong.

use bounded_buffer_race::BoundedBufferLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

fn run(variant: &str, trials: u64) -> racelab_core::Report {
    let request = RunRequest {
        variant: variant.into(),
        params: Params::sized(BoundedBufferLab.info(), 3, 50),
        trials,
        window: Window::Yield,
    };
    super::lab().run(&request, &mut |_| {}).unwrap()
}

#[test]
fn every_trial_is_counted_and_the_fixes_never_go_wrong() {
    for variant in ["if-wait", "two-condvars", "semaphores", "channel"] {
        let report = run(variant, 20);
        assert_eq!(report.executions, 20, "{variant}");
        let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(counted, 20, "{variant}");
        if variant != "if-wait" {
            assert_eq!(report.violations, 0, "{variant}");
            assert!(report.outcomes.iter().all(|o| o.state["items left"] == 0));
        }
    }
}

/// A trial of a deadlocking variant ends (stuck) instead of hanging the run.
#[test]
fn a_trial_in_which_everyone_waits_is_given_up_and_counted() {
    let report = run("mutex-outside", 3);
    let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
    assert_eq!(counted, 3);
}
