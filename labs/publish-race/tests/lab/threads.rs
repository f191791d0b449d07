//! The publish lab on real threads. On x86 the bug is not expected at all, elsewhere it is
//! chance: these tests assert only that every trial is accounted for.

use publish_race::{PublishLab, DATA, NOT_READ};
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn every_trial_ends_with_the_data_read_or_the_flag_never_seen() {
    for variant in ["relaxed", "release-acquire", "seqcst"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(PublishLab.info(), 2, 1_000),
            trials: 50,
            window: Window::None,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        assert_eq!(report.executions, 50);
        assert_eq!(report.outcomes.iter().map(|o| o.count).sum::<u64>(), 50);
        for row in &report.outcomes {
            let (seen, read) = (row.state["flag seen"], row.state["data read"]);
            assert!(
                matches!((seen, read), (1, 0) | (1, DATA) | (0, NOT_READ)),
                "{row:?}"
            );
            assert_eq!(row.is_violation(), (seen, read) == (1, 0), "{row:?}");
        }
    }
}
