//! The async-bank lab on a current-thread tokio runtime: every trial is accounted for, money is
//! conserved, and the fixes never overdraw. Whether the racy variant overdraws depends on the
//! executor's choices, so it is not asserted here.

use async_bank_race::AsyncBankLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

#[test]
fn the_accounting_holds_and_the_fixes_never_overdraw() {
    for variant in ["racy", "no-await-between", "async-mutex"] {
        let request = RunRequest {
            variant: variant.into(),
            params: Params::sized(AsyncBankLab.info(), 3, 2),
            trials: 50,
            window: Window::None,
        };
        let report = super::lab().run(&request, &mut |_| {}).unwrap();
        assert_eq!(report.executions, 50);
        for outcome in &report.outcomes {
            assert_eq!(
                outcome.state["balance"] + outcome.state["paid"],
                100,
                "{variant}"
            );
        }
        if variant != "racy" {
            assert_eq!(report.violations, 0, "{variant}");
        }
    }
}
