//! The bounded buffer under the model checkers: the racy variant and both wrong fixes have
//! counterexamples, each fix is proven with no redundant execution.

use bounded_buffer_race::BoundedBufferLab;
use racelab_core::explore::ExploreRequest;
use racelab_core::trace::Action;
use racelab_core::{Checker, Declared, Params, Report};

fn buffer(variant: &str, threads: usize, items: u64, spurious: u32, checker: Checker) -> Report {
    let params = Params::sized(BoundedBufferLab.info(), threads, items);
    let mut request = ExploreRequest::new(variant, params, checker);
    if checker == Checker::Dpor {
        request.spurious_wakeups = spurious;
    }
    super::lab().explore(&request).unwrap()
}

fn verdicts(report: &Report) -> Vec<&str> {
    report.outcomes.iter().map(|o| o.verdict.as_str()).collect()
}

#[test]
fn an_if_around_the_wait_takes_from_an_empty_buffer_with_or_without_spurious_wakeups() {
    for spurious in [0, 1] {
        let report = buffer("if-wait", 3, 2, spurious, Checker::Dpor);
        assert!(report.exhaustive);
        assert_eq!(report.redundant, Some(0));
        let cx = report.counterexample.as_ref().expect("a counterexample");
        assert_eq!(cx.verdict, "a consumer took from an empty buffer");
        let spurious_wakes = (cx.steps.iter())
            .filter(|s| s.note.as_deref() == Some(" without a notify (spurious)"))
            .count();
        assert!(spurious_wakes <= spurious as usize, "{:?}", cx.steps);
    }
}

#[test]
fn one_condvar_ends_with_every_thread_waiting_after_a_consumer_wakes_a_consumer() {
    let report = buffer("one-condvar", 3, 2, 0, Checker::Dpor);
    assert_eq!(report.redundant, Some(0));
    let cx = report.counterexample.as_ref().expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
    assert_eq!(cx.state["deadlocked"], 2, "{:?}", cx.state);
    // The last notify before everyone sleeps is a consumer's, and it wakes the other consumer.
    let wakes: Vec<(usize, &str)> = (cx.steps.iter())
        .filter(|s| s.action == Action::NotifyOne)
        .map(|s| (s.thread, s.note.as_deref().unwrap_or("")))
        .collect();
    let last = wakes.last().expect("a notify");
    assert!(last.0 != 1, "a consumer notifies last: {wakes:?}");
    let woken = 5 - last.0; // the other consumer of threads 2 and 3
    assert_eq!(last.1, format!(" -> wakes t{woken}"), "{wakes:?}");
    let blocked = (cx.steps.iter()).filter(|s| s.action == Action::Blocked);
    assert_eq!(blocked.count(), 2, "the producer and a consumer wait");
}

#[test]
fn the_mutex_outside_the_semaphore_deadlocks() {
    let report = buffer("mutex-outside", 3, 2, 0, Checker::Dpor);
    assert!(report.exhaustive);
    assert_eq!(report.redundant, Some(0));
    assert!(verdicts(&report).contains(&"deadlock"));
    let cx = report.counterexample.expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
}

#[test]
fn the_fixes_are_proven_with_no_redundant_execution() {
    let sizes = [(2, 2, 1), (3, 2, 1), (3, 3, 0), (4, 2, 0)];
    for variant in ["two-condvars", "semaphores", "channel"] {
        for (threads, items, spurious) in sizes {
            let report = buffer(variant, threads, items, spurious, Checker::Dpor);
            let at = format!("{variant} {threads}x{items} spurious {spurious}");
            assert!(report.exhaustive, "{at}");
            assert_eq!(report.violations, 0, "{at}: {:?}", report.counterexample);
            assert_eq!(report.redundant, Some(0), "{at}");
        }
    }
}

#[test]
fn two_producers_and_a_larger_capacity_are_proven_too() {
    let info = BoundedBufferLab.info();
    for variant in ["two-condvars", "semaphores", "channel"] {
        let mut params = Params::sized(info, 4, 1);
        params.extra.insert("producers".into(), 2);
        params.extra.insert("capacity".into(), 2);
        let report = super::lab()
            .explore(&ExploreRequest::new(variant, params, Checker::Dpor))
            .unwrap();
        assert!(report.exhaustive && report.violations == 0, "{variant}");
    }
}

/// Shuttle DFS has no reduction and racelab's semaphore is built for it from a mutex and a
/// condition variable, so DFS checks the fixes without one; loom checks them all.
#[test]
fn shuttle_dfs_and_loom_agree_on_the_fixes() {
    let runs = [
        ("two-condvars", Checker::Dfs),
        ("channel", Checker::Dfs),
        ("two-condvars", Checker::Loom),
        ("semaphores", Checker::Loom),
        ("channel", Checker::Loom),
    ];
    for (variant, checker) in runs {
        let report = buffer(variant, 3, 1, 0, checker);
        assert!(report.exhaustive, "{variant} {checker:?}");
        assert_eq!(report.violations, 0, "{variant} {checker:?}");
    }
    let report = buffer("if-wait", 3, 2, 0, Checker::Loom);
    assert!(report.violations > 0, "loom finds the stolen wakeup too");
}

/// Thread 3 consumes first: it takes the lock and waits for an item while holding it. The two
/// threads not started yet would each wait for the lock at their first step, so the game is
/// over there: a deadlock, not a pause with no move left.
#[test]
fn a_game_where_every_thread_would_wait_is_over() {
    use racelab_core::explore::dpor::play::Played;
    use racelab_core::AnyLab;
    let lab: &dyn AnyLab = &BoundedBufferLab;
    let params = Params::sized(lab.info(), 3, 2);
    let Played::Over(ending) = lab.play("mutex-outside", &params, &[3]).unwrap() else {
        panic!("the game should be over");
    };
    assert_eq!(ending.violations, ["deadlock"]);
    assert_eq!(ending.state["deadlocked"], 3);
}

/// A producer that returns without putting, or a consumer without taking, never takes from an
/// empty buffer nor waits forever: each thread's puts and takes are counted, so such code is
/// caught, on every checker, and a correct solution's outcomes have no column for the count.
#[test]
fn a_thread_that_skips_its_put_or_take_is_caught() {
    use bounded_buffer_race::{each, Role};
    let lab = racelab_core::graded!(BoundedBufferLab, |buffer, cx| each(
        buffer,
        cx,
        |buffer, cx, role| {
            // Thread 2 consumes; it puts instead, under the lock, when there is room.
            if (role, cx.thread()) == (Role::Consumer, 2) {
                let _guard = buffer.lock.lock(cx);
                if !buffer.is_full(cx) {
                    buffer.put(cx);
                }
            }
        }
    ));
    let params = Params::sized(BoundedBufferLab.info(), 3, 2);
    for (checker, verdict) in lab.verdicts_at(&params).unwrap() {
        let said = "thread 1 put 0 items, not 2, thread 2 put 1 item, not 0, \
                    thread 2 took 0 items, not 1, thread 3 took 0 items, not 1";
        assert_eq!(verdict.as_deref(), Some(said), "{checker:?}");
    }
    for variant in ["two-condvars", "semaphores", "channel"] {
        let correct = buffer(variant, 3, 2, 0, Checker::Dpor);
        assert!(
            correct.outcomes.iter().all(|o| o.state.len() == 4),
            "{variant}"
        );
    }
}
