//! Property tests: the fixes keep the count for generated sizes under shuttle random schedules,
//! and the racy variant's reports are always consistent with their own accounting.

use counter_race::CounterLab;
use proptest::prelude::*;
use racelab_core::explore::{Budget, ExploreRequest};
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
    super::lab().explore(&request).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn fixes_keep_every_update(
        variant in prop::sample::select(vec!["atomic", "add", "mutex", "local"]),
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

/// The counterexample tokens of the SC checker (`sc1:`) and of shuttle (`v1:`), at 2 x 2.
fn counterexample_tokens() -> &'static [String] {
    static TOKENS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TOKENS.get_or_init(|| {
        [Checker::Dpor, Checker::Random]
            .into_iter()
            .map(|checker| {
                let params = Params::sized(CounterLab.info(), 2, 2);
                let mut request = ExploreRequest::new("racy", params, checker);
                request.budget.max_executions = Some(200);
                let report = super::lab().explore(&request).unwrap();
                report.counterexample.unwrap().replay.unwrap()
            })
            .collect()
    })
}

/// A token replays what it names: refused, never replayed as something else.
fn refused(token: &str) -> bool {
    racelab_core::explore::token::decode(token)
        .and_then(|t| super::lab().replay(&t))
        .is_err()
}

#[test]
fn whole_tokens_replay() {
    for token in counterexample_tokens() {
        assert!(!refused(token), "{token}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_token_cut_or_extended_at_any_point_is_refused(
        which in 0usize..2,
        cut in any::<prop::sample::Index>(),
        extra in "[a-z0-9:,=]{1,4}",
    ) {
        let token = &counterexample_tokens()[which];
        let short = &token[..cut.index(token.len())];
        prop_assert!(refused(short), "cut: {short}");
        let long = format!("{token}{extra}");
        prop_assert!(refused(&long), "extended: {long}");
    }
}
