//! Readers and writers on real threads: the accounting only, never that a race shows.

use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};
use readers_writers_race::ReadersWritersLab;

#[test]
fn every_trial_is_counted_and_no_fix_tears_a_pair() {
    for variant in [
        "racy",
        "lightswitch",
        "no-starve",
        "weak-turnstile",
        "rwlock",
    ] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(ReadersWritersLab.info(), 3, 200),
            trials: 30,
            window: Window::Yield,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(counted, 30, "{variant}");
        if variant != "racy" {
            assert_eq!(report.violations, 0, "{variant}");
        }
    }
}
