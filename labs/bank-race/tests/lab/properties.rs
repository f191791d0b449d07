//! Property tests over generated balances, amounts, threads and withdrawals: the fixes keep
//! every invariant under shuttle random schedules, and the racy variant's reports always agree
//! with their own accounting.

use bank_race::BankLab;
use proptest::prelude::*;
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{Checker, Declared, Params, Report};

fn random(
    variant: &str,
    threads: usize,
    withdrawals: u64,
    balance: i64,
    amount: i64,
    seed: u64,
) -> Report {
    let mut params = Params::sized(BankLab.info(), threads, withdrawals);
    params.extra.insert("balance".into(), balance);
    params.extra.insert("amount".into(), amount);
    let mut request = ExploreRequest::new(variant, params, Checker::Random);
    request.seed = seed;
    request.budget = Budget {
        max_executions: Some(150),
        time_limit: None,
        stop_at_first: false,
    };
    super::lab().explore(&request).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn fixes_keep_every_invariant(
        variant in prop::sample::select(vec!["mutex", "cas"]),
        threads in 1usize..=4,
        withdrawals in 1u64..=3,
        balance in 0i64..=500,
        amount in 1i64..=200,
        seed in any::<u64>(),
    ) {
        let report = random(variant, threads, withdrawals, balance, amount, seed);
        prop_assert_eq!(report.violations, 0);
        let fit = (balance / amount).min(threads as i64 * withdrawals as i64);
        for outcome in &report.outcomes {
            prop_assert_eq!(outcome.state["paid"], fit * amount);
            prop_assert_eq!(outcome.state["balance"], balance - fit * amount);
        }
    }

    #[test]
    fn racy_reports_agree_with_their_accounting(
        threads in 2usize..=3,
        withdrawals in 1u64..=2,
        balance in 0i64..=300,
        amount in 1i64..=200,
        seed in any::<u64>(),
    ) {
        let report = random("racy", threads, withdrawals, balance, amount, seed);
        prop_assert_eq!(report.outcomes.iter().map(|o| o.count).sum::<u64>(), report.executions);
        let broken: u64 = report.outcomes.iter().filter(|o| o.is_violation()).map(|o| o.count).sum();
        prop_assert_eq!(broken, report.violations);
        for outcome in &report.outcomes {
            let (left, paid) = (outcome.state["balance"], outcome.state["paid"]);
            prop_assert_eq!(paid % amount, 0);
            prop_assert_eq!(outcome.verdict.contains("overdraft"), left < 0);
            prop_assert_eq!(outcome.verdict.contains("money created"), left + paid != balance);
            prop_assert_eq!(outcome.is_violation(), left < 0 || left + paid != balance || paid / amount > balance / amount);
        }
    }
}
