//! The executor under a picker that takes the lowest runnable thread: its scheduling points,
//! joins, a stopped execution's unwinding, a panic and a loop that never ends.

use super::*;
use crate::runtime::coroutines::thread;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};

/// Takes the lowest runnable thread, for `executions` executions, stopping each after `stop`
/// decisions if given; keeps every decision's runnable threads.
#[derive(Default)]
struct Lowest {
    executions: usize,
    started: usize,
    finished: usize,
    stop: Option<usize>,
    decisions: usize,
    seen: Vec<Vec<Tid>>,
}

impl Picker for Lowest {
    fn start(&mut self) -> bool {
        self.started += 1;
        self.decisions = 0;
        self.started <= self.executions
    }
    fn next(&mut self, runnable: &[Tid], _current: Option<Tid>) -> Option<Tid> {
        if self.stop == Some(self.decisions) {
            return None;
        }
        self.decisions += 1;
        self.seen.push(runnable.to_vec());
        runnable.first().copied()
    }
    fn finish(&mut self) {
        self.finished += 1;
    }
}

fn lowest(executions: usize) -> Lowest {
    Lowest {
        executions,
        ..Lowest::default()
    }
}

#[test]
fn a_spawned_thread_waits_for_a_switch_and_a_join_waits_for_the_thread() {
    let mut picker = lowest(2);
    let order = Arc::new(Mutex::new(Vec::new()));
    let log = order.clone();
    let main = Arc::new(move || {
        let child_log = log.clone();
        let child = thread::spawn(move || {
            child_log.lock().unwrap().push("child");
            7
        });
        log.lock().unwrap().push("main");
        assert_eq!(child.join().unwrap(), 7);
        log.lock().unwrap().push("joined");
    });
    run(&mut picker, main).unwrap();
    assert_eq!((picker.started, picker.finished), (3, 2));
    // The lowest thread goes on: main until its join, then the child, then main again.
    let once = ["main", "child", "joined"];
    assert_eq!(*order.lock().unwrap(), [once, once].concat());
}

#[test]
fn the_scheduling_points_are_shuttles() {
    let mut picker = lowest(1);
    let main = Arc::new(|| {
        let child = thread::spawn(|| {});
        let _ = child.join();
    });
    run(&mut picker, main).unwrap();
    // The first step; before the spawn; the join blocks (the child alone can go); the child
    // has finished; main's switch before it exits.
    assert_eq!(
        picker.seen,
        vec![vec![0], vec![0], vec![1], vec![0], vec![0]]
    );
}

#[test]
fn a_stopped_execution_unwinds_its_threads_and_the_next_one_runs() {
    static DROPPED: AtomicUsize = AtomicUsize::new(0);
    struct Counted;
    impl Drop for Counted {
        fn drop(&mut self) {
            // A scheduling point while unwinding does not switch.
            switch();
            DROPPED.fetch_add(1, SeqCst);
        }
    }
    let mut picker = Lowest {
        executions: 3,
        stop: Some(2),
        ..Lowest::default()
    };
    let main = Arc::new(|| {
        let _held = Counted;
        let child = thread::spawn(|| {
            let _held = Counted;
            switch();
        });
        let _ = child.join();
    });
    run(&mut picker, main).unwrap();
    assert_eq!((picker.started, picker.finished), (4, 3));
    // Each execution stops at its third decision, with main past its spawn and blocked in its
    // join, the child not started: main's guard is dropped as its stack unwinds (the child's
    // function is dropped unrun, with no guard yet).
    assert_eq!(DROPPED.load(SeqCst), 3);
}

#[test]
fn a_panicking_thread_fails_the_exploration_with_its_message() {
    let mut picker = lowest(5);
    let main = Arc::new(|| {
        let child = thread::spawn(|| panic!("the lab's own assertion"));
        let _ = child.join();
    });
    let Err(Failure::Panicked(payload)) = run(&mut picker, main) else {
        panic!("a panic is a failure");
    };
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"the lab's own assertion")
    );
    assert_eq!(picker.finished, 1, "the first execution was the last");
}

#[test]
fn a_loop_that_never_ends_stops_at_the_step_bound() {
    let mut picker = lowest(1);
    let main = Arc::new(|| loop {
        switch();
    });
    assert!(matches!(
        run(&mut picker, main),
        Err(Failure::Endless(MAX_STEPS))
    ));
}
