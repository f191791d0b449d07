//! Readers and writers under the model checkers: no lock tears the pair, every fix is proven,
//! and the writer's worst bypass grows with the readers' work behind a lightswitch and stays
//! bounded behind a turnstile.

use racelab_core::explore::{explore, ExploreRequest};
use racelab_core::{Checker, Declared, Params, Report};
use readers_writers_race::ReadersWritersLab;

fn library(variant: &str, threads: usize, reads: u64, bound: i64, checker: Checker) -> Report {
    let mut params = Params::sized(ReadersWritersLab.info(), threads, reads);
    params.extra.insert("bypass-bound".into(), bound);
    explore(
        &ReadersWritersLab,
        &ExploreRequest::new(variant, params, checker),
    )
    .unwrap()
}

fn worst_bypass(report: &Report) -> i64 {
    let bypassed = report.outcomes.iter().map(|o| o.state["writer bypassed"]);
    bypassed.max().expect("an outcome")
}

#[test]
fn with_no_lock_a_reader_sees_half_a_pair() {
    let report = library("racy", 2, 1, 0, Checker::Dpor);
    assert_eq!(report.redundant, Some(0));
    let cx = report.counterexample.expect("a torn read");
    assert_eq!(cx.verdict, "a reader saw a half-written pair");
}

#[test]
fn every_fix_is_proven_with_no_redundant_execution() {
    for variant in ["lightswitch", "no-starve", "rwlock"] {
        for (threads, reads) in [(2, 2), (3, 1), (3, 2), (4, 1)] {
            let report = library(variant, threads, reads, 0, Checker::Dpor);
            let at = format!("{variant} {threads}x{reads}");
            assert!(report.exhaustive, "{at}");
            assert_eq!(report.violations, 0, "{at}: {:?}", report.counterexample);
            assert_eq!(report.redundant, Some(0), "{at}");
        }
    }
}

/// Worked out by hand: two readers, each can get in once per read while the writer waits
/// behind a lightswitch (2 x reads); behind the turnstile only the readers already through it,
/// once each (2).
#[test]
fn the_lightswitch_starves_the_writer_and_the_turnstile_bounds_its_wait() {
    // At 3 reads: 6 and 2 (`racelab explore readers-writers --variant lightswitch --reads 3`),
    // 38,000 and 122,000 executions, too many for every test run.
    for (reads, grows) in [(1, 2), (2, 4)] {
        for variant in ["lightswitch", "rwlock"] {
            let report = library(variant, 3, reads, 0, Checker::Dpor);
            assert_eq!(worst_bypass(&report), grows, "{variant} x{reads}");
        }
        let report = library("no-starve", 3, reads, 0, Checker::Dpor);
        assert_eq!(worst_bypass(&report), 2, "no-starve x{reads}");
    }
    // One reader: behind the turnstile it gets in at most once while the writer waits.
    assert_eq!(
        worst_bypass(&library("no-starve", 2, 3, 0, Checker::Dpor)),
        1
    );
    assert_eq!(
        worst_bypass(&library("lightswitch", 2, 3, 0, Checker::Dpor)),
        3
    );
}

#[test]
fn a_bypass_bound_makes_starvation_a_counterexample() {
    let report = library("lightswitch", 3, 2, 2, Checker::Dpor);
    let cx = report.counterexample.expect("a starving execution");
    assert!(
        cx.verdict.starts_with("the writer was bypassed"),
        "{}",
        cx.verdict
    );
    assert!(cx.state["writer bypassed"] > 2);
    let bounded = library("no-starve", 3, 2, 2, Checker::Dpor);
    assert_eq!(bounded.violations, 0);
}

/// At one reader: with two, loom needs minutes for the lightswitch's semaphore (built from a
/// mutex and a condition variable under loom).
#[test]
fn loom_agrees() {
    for variant in ["lightswitch", "no-starve", "rwlock"] {
        let report = library(variant, 2, 1, 0, Checker::Loom);
        assert_eq!(report.violations, 0, "{variant}");
    }
    assert!(library("racy", 2, 1, 0, Checker::Loom).violations > 0);
}
