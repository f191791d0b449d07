//! Property tests: the fixes keep the count for generated sizes under shuttle random schedules,
//! and the racy variant's reports are always consistent with their own accounting.

use counter_race::CounterLab;
use proptest::prelude::*;
use racelab_core::explore::{explore, Budget, ExploreRequest};
use racelab_core::{Checker, Declared, Params};

fn random(variant: &str, threads: usize, iters: u64, seed: u64) -> racelab_core::Report {
    let params = Params::sized(CounterLab.info(), threads, iters);
    let mut request = ExploreRequest::new(variant, params, Checker::Random);
    request.seed = seed;
    request.budget = Budget {
        max_executions: Some(200),
        time_limit: None,
        stop_at_first: false,
    };
    explore(&CounterLab, &request).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn fixes_keep_every_update(
        variant in prop::sample::select(vec!["atomic", "mutex", "local"]),
        threads in 1usize..=5,
        iters in 1u64..=6,
        seed in any::<u64>(),
    ) {
        let report = random(variant, threads, iters, seed);
        prop_assert_eq!(report.violations, 0);
        prop_assert_eq!(report.executions, 200);
        prop_assert_eq!(report.outcomes.len(), 1);
        prop_assert_eq!(report.outcomes[0].state["counter"], threads as i64 * iters as i64);
    }

    #[test]
    fn racy_reports_add_up(threads in 2usize..=4, iters in 1u64..=5, seed in any::<u64>()) {
        let report = random("racy", threads, iters, seed);
        let expected = threads as i64 * iters as i64;
        let total: u64 = report.outcomes.iter().map(|o| o.count).sum();
        prop_assert_eq!(total, report.executions);
        for outcome in &report.outcomes {
            let counter = outcome.state["counter"];
            prop_assert!((1..=expected).contains(&counter));
            prop_assert_eq!(outcome.is_violation(), counter != expected);
        }
        let broken: u64 = report.outcomes.iter().filter(|o| o.is_violation()).map(|o| o.count).sum();
        prop_assert_eq!(broken, report.violations);
        if let Some(cx) = report.counterexample {
            prop_assert!(cx.state["counter"] < expected);
        }
    }
}
