//! The barrier on real threads: the accounting only, never that a race shows.

use barrier_race::BarrierLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn every_trial_is_counted_and_no_fix_lets_a_thread_leave_early() {
    for variant in ["turnstile-once", "two-turnstiles", "std-barrier"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(BarrierLab.info(), 3, 50),
            trials: 10,
            window: Window::Yield,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(counted, 10, "{variant}");
        if variant != "turnstile-once" {
            assert_eq!(report.violations, 0, "{variant}");
        }
    }
}
