//! The bank lab on real threads: only the runner's accounting is asserted, never that a race
//! showed up (that is chance).

use bank_race::BankLab;
use racelab_core::runner::RunRequest;
use racelab_core::{Declared, Params, Window};

fn run(variant: &str, window: Window) -> racelab_core::Report {
    let request = RunRequest {
        variant: variant.into(),
        params: Params::sized(BankLab.info(), 2, 1),
        trials: 200,
        window,
    };
    super::lab().run(&request, &mut |_| {}).unwrap()
}

#[test]
fn every_trial_lands_in_one_outcome_the_lab_allows() {
    for window in [Window::None, Window::Yield, Window::Spin] {
        let report = run("racy", window);
        assert_eq!(report.outcomes.iter().map(|o| o.count).sum::<u64>(), 200);
        let broken: u64 = report
            .outcomes
            .iter()
            .filter(|o| o.is_violation())
            .map(|o| o.count)
            .sum();
        assert_eq!(broken, report.violations);
        for o in &report.outcomes {
            let reachable = [(20, 80), (20, 160), (-60, 160)];
            assert!(
                reachable.contains(&(o.state["balance"], o.state["paid"])),
                "{o:?}"
            );
        }
    }
}

#[test]
fn fixes_never_overdraw_on_real_threads() {
    for variant in ["mutex", "cas"] {
        let report = run(variant, Window::Yield);
        assert_eq!(report.violations, 0, "{variant}");
    }
}
