//! The bank lab under the model checkers: every outcome of the racy variant, the wrong fix's
//! counterexample, and the proofs of the right fixes (loom and shuttle dfs).

use bank_race::BankLab;
use racelab_core::explore::{token, Budget, ExploreRequest};
use racelab_core::{Checker, Declared, Params, Report};
use std::collections::BTreeSet;

fn params(threads: usize, withdrawals: u64, balance: i64, amount: i64) -> Params {
    let mut p = Params::sized(BankLab.info(), threads, withdrawals);
    p.extra.insert("balance".into(), balance);
    p.extra.insert("amount".into(), amount);
    p
}

fn bank(variant: &str, params: Params, checker: Checker) -> Report {
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
        .unwrap()
}

/// (balance, paid, verdict) of every outcome.
fn outcomes(report: &Report) -> BTreeSet<(i64, i64, String)> {
    report
        .outcomes
        .iter()
        .map(|o| (o.state["balance"], o.state["paid"], o.verdict.clone()))
        .collect()
}

#[test]
fn racy_reaches_the_overdraft_and_the_money_creating_outcomes() {
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        let report = bank("racy", params(2, 1, 100, 80), checker);
        assert!(report.exhaustive);
        let expected = BTreeSet::from([
            (20, 80, "ok".to_string()),
            (-60, 160, "overdraft, double withdrawal".to_string()),
            (20, 160, "money created, double withdrawal".to_string()),
        ]);
        assert_eq!(outcomes(&report), expected, "{checker:?}");
        let cx = report.counterexample.unwrap();
        assert_eq!(cx.preemptions, 1, "{checker:?}");
    }
}

#[test]
fn the_wrong_fix_still_overdraws_but_creates_no_money() {
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        let report = bank("lock-write-only", params(2, 1, 100, 80), checker);
        assert!(report.exhaustive);
        let expected = BTreeSet::from([
            (20, 80, "ok".to_string()),
            (-60, 160, "overdraft, double withdrawal".to_string()),
        ]);
        assert_eq!(outcomes(&report), expected, "{checker:?}");
        let cx = report.counterexample.expect("a counterexample");
        assert_eq!(cx.state["balance"], -60);
        assert!(cx.steps.iter().any(|s| s.action.word() == "lock"));
    }
}

#[test]
fn the_wrong_fix_is_caught_by_random_and_pct_schedules_with_a_token_that_replays() {
    for checker in [Checker::Random, Checker::Pct] {
        let mut request = ExploreRequest::new("lock-write-only", params(2, 1, 100, 80), checker);
        request.budget = Budget {
            max_executions: Some(300),
            time_limit: None,
            stop_at_first: false,
        };
        let report = super::lab().explore(&request).unwrap();
        let cx = report.counterexample.expect("a counterexample");
        let token = token::decode(cx.replay.as_deref().unwrap()).unwrap();
        let again = super::lab().replay(&token).unwrap();
        assert_eq!(again.counterexample.unwrap().steps, cx.steps, "{checker:?}");
    }
}

#[test]
fn mutex_and_cas_are_proven_with_exactly_one_withdrawal() {
    for variant in ["mutex", "cas"] {
        for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
            for threads in [2, 3] {
                let report = bank(variant, params(threads, 1, 100, 80), checker);
                let what = format!("{variant} {checker:?} {threads} threads");
                assert!(report.exhaustive, "{what}");
                assert_eq!(report.violations, 0, "{what}");
                assert_eq!(
                    outcomes(&report),
                    BTreeSet::from([(20, 80, "ok".to_string())]),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn fixes_pay_out_exactly_what_fits_when_several_withdrawals_fit() {
    // 100 / 30: three withdrawals fit, four are attempted.
    for variant in ["mutex", "cas"] {
        let report = bank(variant, params(2, 2, 100, 30), Checker::Loom);
        assert_eq!(
            outcomes(&report),
            BTreeSet::from([(10, 90, "ok".to_string())]),
            "{variant}"
        );
    }
    let racy = bank("racy", params(2, 2, 100, 30), Checker::Dfs);
    assert!(racy
        .outcomes
        .iter()
        .any(|o| o.verdict.contains("4 withdrawals where 3 fit")));
}

/// A withdrawal loop whose later iterations only read the same balance at the same line is
/// counting, not spinning: racelab's SC checker lets it go on when nothing else can run, so a
/// fix with more withdrawals than the balance covers is proven, not called a hang.
#[test]
fn a_loop_of_refused_withdrawals_is_not_a_hang() {
    for variant in ["mutex", "cas"] {
        for (threads, iters) in [(2, 3), (3, 3)] {
            let params = Params::sized(BankLab.info(), threads, iters);
            let request = ExploreRequest::new(variant, params, Checker::Dpor);
            let report = super::lab().explore(&request).unwrap();
            let what = format!("{variant} {threads}x{iters}");
            assert!(report.exhaustive, "{what}");
            assert_eq!(report.violations, 0, "{what}: {:?}", report.outcomes);
        }
    }
}

/// A `withdraw` that always refuses never overdraws and creates no money: what the balance
/// covers must be paid, so it is caught, on every checker, and a correct fix is still proven.
#[test]
fn a_withdraw_that_refuses_what_the_balance_covers_is_caught() {
    use bank_race::withdrawals;
    let refuses = racelab_core::graded!(BankLab, |account, cx| withdrawals(account, cx, |_, _| {
        false
    }));
    // 100 / 30 covers three of the four withdrawals of 2 x 2: all three refused.
    let cases = [
        (
            params(2, 1, 100, 80),
            "a withdrawal the balance covered was refused",
        ),
        (
            params(2, 2, 100, 30),
            "3 withdrawals the balance covered were refused",
        ),
    ];
    for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
        for (params, said) in &cases {
            let report = refuses.explore_at(params.clone(), checker).unwrap();
            let cx = report.counterexample.expect("refused withdrawals");
            assert_eq!(&cx.verdict, said, "{checker:?}");
        }
    }
    // 100 / 200: nothing fits, so refusing everything is right.
    let report = (refuses.explore_at(params(2, 1, 100, 200), Checker::Dpor)).unwrap();
    assert_eq!(report.violations, 0);
    let mutex = bank("mutex", params(2, 2, 100, 30), Checker::Dpor);
    assert_eq!(mutex.violations, 0);
    assert!(mutex.outcomes.iter().all(|o| o.state.len() == 2));
}
