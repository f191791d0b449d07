//! The dekker lab on real threads. Whether both threads enter is chance (and the store
//! buffer's): these tests assert only that every trial is accounted for.

use dekker_race::DekkerLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn every_trial_ends_with_zero_one_or_two_inside() {
    for variant in ["relaxed", "release-acquire", "seqcst", "seqcst-fence"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(DekkerLab.info(), 2, 1),
            trials: 200,
            window: Window::None,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        assert_eq!(report.outcomes.iter().map(|o| o.count).sum::<u64>(), 200);
        for row in &report.outcomes {
            let inside = row.state["inside"];
            assert!((0..=2).contains(&inside), "{row:?}");
            assert_eq!(row.is_violation(), inside == 2, "{row:?}");
        }
        let both = report
            .outcomes
            .iter()
            .filter(|o| o.is_violation())
            .map(|o| o.count)
            .sum::<u64>();
        assert_eq!(report.violations, both);
    }
}
