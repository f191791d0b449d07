//! The locks made by hand on real threads: the accounting only, never that a race shows.

use locks_by_hand_race::LocksByHandLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn every_trial_is_counted_and_no_lock_lets_both_in() {
    for variant in ["two-flags", "peterson", "ticket", "test-and-set"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(LocksByHandLab.info(), 2, 200),
            trials: 20,
            window: Window::Yield,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(counted, 20, "{variant}");
        if variant != "two-flags" {
            assert_eq!(report.violations, 0, "{variant}");
        }
    }
}
