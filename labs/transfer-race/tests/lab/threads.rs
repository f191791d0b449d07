//! The transfer lab on real threads. Whether a deadlock happens is chance, so these tests assert
//! the accounting: every trial is counted, money is conserved, and a fix never deadlocks.

use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};
use transfer_race::TransferLab;

fn run(variant: &str) -> racelab_core::Report {
    let request = RunRequest {
        variant: variant.into(),
        params: Params::sized(TransferLab.info(), 2, 1),
        trials: 200,
        window: Window::Yield,
    };
    super::lab().run(&request, &mut |_| {}).unwrap()
}

#[test]
fn every_trial_finishes_and_is_counted_and_money_is_conserved() {
    for variant in ["naive", "ordered", "global-lock"] {
        let report = run(variant);
        assert_eq!(report.executions, 200, "{variant}");
        let counted: u64 = report.outcomes.iter().map(|o| o.count).sum();
        assert_eq!(counted, 200, "{variant}");
        for outcome in &report.outcomes {
            assert_eq!(outcome.state["A"] + outcome.state["B"], 200, "{variant}");
        }
        if variant != "naive" {
            assert_eq!(report.violations, 0, "{variant} cannot deadlock");
        }
    }
}
