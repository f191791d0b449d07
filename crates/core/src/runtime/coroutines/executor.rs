//! The executor: runs each execution's model threads as coroutines on this OS thread, one step
//! at a time, asking a [`Picker`] which thread takes the next step.
//!
//! A thread runs until its next scheduling point ([`switch`]), where it hands control back to
//! the executor. The points are shuttle's, so that a schedule means the same on either: before
//! every access of an atomic cell, before a spawn, at a join (twice when the joined thread has
//! not finished: once to block), at a yield, and before the main thread exits. A stopped
//! execution's threads are unwound between executions, their destructors running without
//! switching, and their stacks kept for the next execution's threads.

use generator::{Generator, Gn};
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A model thread's number: 0 is the main thread, then in the order they were spawned.
pub type Tid = usize;

/// The most scheduling decisions one execution may take before it counts as one that never
/// ends (shuttle's default bound).
pub const MAX_STEPS: usize = 1_000_000;

/// Stack of a model thread, in words (shuttle gives its threads 60 KiB).
const STACK_WORDS: usize = 0xf000 / std::mem::size_of::<usize>();

/// Decides, execution after execution, which thread takes each step.
pub(crate) trait Picker {
    /// Whether to run another execution (called before each one).
    fn start(&mut self) -> bool;
    /// The thread to take the next step, among `runnable` (in thread order; `current` took the
    /// last step); `None` stops the execution here.
    fn next(&mut self, runnable: &[Tid], current: Option<Tid>) -> Option<Tid>;
    /// The execution has ended (finished, or stopped by [`Picker::next`]); called before its
    /// stopped threads are unwound.
    fn finish(&mut self);
}

/// Why an exploration stopped early.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An execution took more than [`MAX_STEPS`] scheduling decisions.
    Endless(usize),
    /// A thread of the lab panicked, with this payload.
    Panicked(Box<dyn std::any::Any + Send>),
}

/// One model thread of the execution under way.
struct Thread {
    /// Its coroutine, while it is not running.
    body: Option<Generator<'static, (), ()>>,
    finished: bool,
    /// The thread it waits to finish (a join).
    joins: Option<Tid>,
}

/// The execution under way, as the threads see it.
struct Execution {
    threads: Vec<Thread>,
    current: Option<Tid>,
    /// Model threads run on this OS thread (an exploration is under way).
    running: bool,
    /// Threads are being unwound: scheduling points do not switch.
    unwinding: bool,
    /// Finished coroutines, kept for the next threads (a new stack costs a system call).
    pool: Vec<Generator<'static, (), ()>>,
}

thread_local! {
    static EXECUTION: RefCell<Execution> = const {
        RefCell::new(Execution {
            threads: Vec::new(),
            current: None,
            running: false,
            unwinding: false,
            pool: Vec::new(),
        })
    };
}

fn with<T>(f: impl FnOnce(&mut Execution) -> T) -> T {
    EXECUTION.with(|e| f(&mut e.borrow_mut()))
}

/// The running model thread.
pub fn current() -> Tid {
    with(|e| e.current.unwrap_or(0))
}

/// A scheduling point: the running thread hands control to the executor, which lets the picker
/// choose who goes on (perhaps this thread again).
pub fn switch() {
    if !with(|e| e.running && !e.unwinding) || std::thread::panicking() {
        return;
    }
    // (A thread resumed to be unwound panics here with the generator's own cancel payload,
    // which the generator catches quietly. This free yield is deprecated for the generator's
    // scoped one, which would have to reach every cell of a lab.)
    #[allow(deprecated)]
    generator::yield_with(());
}

/// Starts a new thread running `body`; its number.
pub fn spawn(body: Box<dyn FnOnce() + Send>) -> Tid {
    switch();
    with(|e| e.add(body))
}

/// Waits until thread `tid` has finished.
pub fn join(tid: Tid) {
    if with(|e| e.threads.get(tid).is_none_or(|t| t.finished)) {
        switch();
    }
    let blocks = with(|e| {
        let blocks = e.threads.get(tid).is_some_and(|t| !t.finished);
        if blocks {
            let me = e.current.unwrap_or(0);
            e.threads[me].joins = Some(tid);
        }
        blocks
    });
    if blocks {
        switch();
    }
}

impl Execution {
    fn add(&mut self, body: Box<dyn FnOnce() + Send>) -> Tid {
        let coroutine = match self.pool.pop() {
            Some(mut done) => {
                done.init_code(body);
                done
            }
            None => Gn::<()>::new_opt(STACK_WORDS, body),
        };
        self.threads.push(Thread {
            body: Some(coroutine),
            finished: false,
            joins: None,
        });
        self.threads.len() - 1
    }

    /// The threads that can take a step, into `runnable`; false when none is left unfinished.
    fn runnable(&self, runnable: &mut Vec<Tid>) -> bool {
        runnable.clear();
        let done = |t: Tid| self.threads.get(t).is_none_or(|t| t.finished);
        for (tid, thread) in self.threads.iter().enumerate() {
            if !thread.finished && thread.joins.is_none_or(done) {
                runnable.push(tid);
            }
        }
        self.threads.iter().any(|t| !t.finished)
    }
}

/// Runs executions of `main` (the main thread's body) until `picker` wants no more.
pub(crate) fn run(
    picker: &mut dyn Picker,
    main: std::sync::Arc<dyn Fn() + Send + Sync>,
) -> Result<(), Failure> {
    let _running = Running::start();
    let mut runnable = Vec::new();
    while picker.start() {
        let main = main.clone();
        // The main thread switches before it exits, as shuttle's does.
        let body = Box::new(move || {
            main();
            switch();
        });
        with(|e| {
            e.current = None;
            e.add(body)
        });
        let ended = steps(picker, &mut runnable);
        picker.finish();
        unwind_threads();
        ended?;
    }
    Ok(())
}

/// Runs the steps of one execution until every thread has finished or the picker stops it.
fn steps(picker: &mut dyn Picker, runnable: &mut Vec<Tid>) -> Result<(), Failure> {
    for _ in 0..=MAX_STEPS {
        let (left, current) = with(|e| (e.runnable(runnable), e.current));
        if !left {
            return Ok(());
        }
        let Some(tid) = picker.next(runnable, current) else {
            return Ok(());
        };
        let mut body = with(|e| {
            e.current = Some(tid);
            e.threads[tid].joins = None;
            e.threads[tid].body.take()
        })
        .expect("a runnable thread is not running");
        let resumed = catch_unwind(AssertUnwindSafe(|| body.resume()));
        let finished = body.is_done();
        with(|e| {
            if finished {
                e.threads[tid].finished = true;
                e.pool.push(body);
            } else {
                e.threads[tid].body = Some(body);
            }
        });
        if let Err(payload) = resumed {
            return Err(Failure::Panicked(payload));
        }
    }
    Err(Failure::Endless(MAX_STEPS))
}

/// Unwinds the threads a stopped execution left suspended, and forgets the execution.
fn unwind_threads() {
    with(|e| e.unwinding = true);
    loop {
        let next = with(|e| {
            e.threads.iter_mut().enumerate().find_map(|(tid, t)| {
                t.finished = true;
                t.body.take().map(|body| (tid, body))
            })
        });
        let Some((tid, mut body)) = next else { break };
        with(|e| e.current = Some(tid));
        // A destructor's panic while its thread unwinds is the lab's; the execution has ended.
        let _ = catch_unwind(AssertUnwindSafe(|| body.cancel()));
        if body.is_done() {
            with(|e| e.pool.push(body));
        }
    }
    with(|e| {
        e.threads.clear();
        e.current = None;
        e.unwinding = false;
    });
}

/// Marks this OS thread as running model threads while an exploration is under way.
struct Running;

impl Running {
    fn start() -> Self {
        with(|e| e.running = true);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // (After a panic of the picker's, the threads it left are leaked, not unwound.)
        with(|e| {
            e.running = false;
            e.threads.clear();
            e.current = None;
            e.pool.clear();
        });
    }
}

#[cfg(test)]
mod tests;
