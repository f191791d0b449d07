//! Readers and writers under the model checkers: no lock tears the pair, every fix is proven,
//! and the writer's worst bypass grows with the readers' work behind a lightswitch and stays
//! bounded behind a turnstile.

use racelab_core::explore::ExploreRequest;
use racelab_core::{Checker, Declared, Params, Report};
use readers_writers_race::ReadersWritersLab;

fn library(variant: &str, threads: usize, reads: u64, bound: i64, checker: Checker) -> Report {
    let mut params = Params::sized(ReadersWritersLab.info(), threads, reads);
    params.extra.insert("bypass-bound".into(), bound);
    super::lab()
        .explore(&ExploreRequest::new(variant, params, checker))
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
    assert_eq!(cx.verdict, "a half-written pair was read");
}

#[test]
fn every_fix_is_proven_with_no_redundant_execution() {
    for variant in ["lightswitch", "no-starve", "weak-turnstile", "rwlock"] {
        // A FIFO turnstile queues: no-starve has 66,000 classes at 3 x 2, too many here.
        let sizes: &[(usize, u64)] = match variant {
            "no-starve" => &[(2, 3), (3, 1)],
            _ => &[(2, 3), (3, 1), (3, 2)],
        };
        for &(threads, reads) in sizes {
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
/// once each (2); one reader, behind the turnstile, once.
#[test]
fn the_lightswitch_starves_the_writer_and_the_turnstile_bounds_its_wait() {
    // At 3 reads: 6 and 2 (`racelab explore readers-writers --variant lightswitch --reads 3`),
    // too many executions for every test run.
    for (reads, grows) in [(1, 2), (2, 4)] {
        for variant in ["lightswitch", "rwlock"] {
            let report = library(variant, 3, reads, 0, Checker::Dpor);
            assert_eq!(worst_bypass(&report), grows, "{variant} x{reads}");
        }
    }
    assert_eq!(
        worst_bypass(&library("no-starve", 3, 1, 0, Checker::Dpor)),
        2
    );
    for reads in 1..=3 {
        let at = |variant: &str| worst_bypass(&library(variant, 2, reads, 0, Checker::Dpor));
        assert_eq!(at("lightswitch"), reads as i64, "lightswitch x{reads}");
        assert_eq!(at("no-starve"), 1, "no-starve x{reads}");
    }
}

/// The core's measure, on every lock and semaphore: one reader, 2 or 3 reads (at 1, reader and
/// writer may each be bypassed once, and either is the worst). The writer (t1)
/// may ask for the room, or for a weak turnstile, just before the reader's first pass, and the
/// reader passes `reads` times; a FIFO turnstile hands itself to the writer once it queues, so
/// the writer never waits there, and the reader waits behind it at most once.
#[test]
fn a_weak_turnstile_starves_the_writer_where_a_fifo_one_does_not() {
    for reads in 2..=3u64 {
        let of = |variant: &str| -> Vec<(String, u64, usize)> {
            let report = library(variant, 2, reads, 0, Checker::Dpor);
            (report.bypass.iter())
                .map(|b| (b.object.clone(), b.times, b.thread))
                .collect()
        };
        let worst = |object: &str, times: u64, thread: usize| (object.to_string(), times, thread);
        assert_eq!(of("lightswitch"), [worst("room", reads, 1)], "x{reads}");
        assert_eq!(
            of("no-starve"),
            [worst("room", 1, 1), worst("turnstile", 1, 2)],
            "x{reads}"
        );
        assert_eq!(
            of("weak-turnstile"),
            [worst("room", 1, 1), worst("weak_turnstile", reads, 1)],
            "x{reads}"
        );
    }
}

#[test]
fn a_bypass_bound_makes_starvation_a_counterexample() {
    let report = library("lightswitch", 2, 3, 1, Checker::Dpor);
    let cx = report.counterexample.expect("a starving execution");
    assert!(
        cx.verdict.starts_with("the writer was bypassed"),
        "{}",
        cx.verdict
    );
    assert!(cx.state["writer bypassed"] > 1);
    let bounded = library("no-starve", 2, 3, 1, Checker::Dpor);
    assert_eq!(bounded.violations, 0);
}

/// At one reader: with two, loom needs minutes for the lightswitch's semaphore (built from a
/// mutex and a condition variable under loom).
#[test]
fn loom_agrees() {
    for variant in ["lightswitch", "no-starve", "weak-turnstile", "rwlock"] {
        let report = library(variant, 2, 1, 0, Checker::Loom);
        assert_eq!(report.violations, 0, "{variant}");
    }
    assert!(library("racy", 2, 1, 0, Checker::Loom).violations > 0);
}

/// A reader that returns without reading, or a writer without writing, cannot tear the pair:
/// each thread's reads and writes are counted, so such code is caught, not verified.
#[test]
fn a_thread_that_skips_its_read_or_write_is_caught() {
    use readers_writers_race::{each, Role};
    let lab = racelab_core::graded!(ReadersWritersLab, |library, cx| each(
        library,
        cx,
        |library, cx, role| match role {
            Role::Writer => {}
            Role::Reader if cx.thread() == 2 => {
                library.read(cx);
                library.read(cx);
            }
            Role::Reader => {}
        }
    ));
    let params = Params::sized(ReadersWritersLab.info(), 3, 1);
    let report = lab.explore_at(params, Checker::Dpor).unwrap();
    let cx = report.counterexample.expect("skipped work");
    assert_eq!(
        cx.verdict,
        "thread 1 wrote the pair 0 times, not 1, thread 2 read the pair 2 times, not 1, \
         thread 3 read the pair 0 times, not 1"
    );
    let correct = library("lightswitch", 3, 1, 0, Checker::Dpor);
    assert!(correct.outcomes.iter().all(|o| o.state.len() == 3));
}
