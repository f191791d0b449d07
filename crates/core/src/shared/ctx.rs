//! What a lab thread knows about itself: its number, its work, where its steps go, and the race
//! window it opens on real threads.

use crate::stalls::Stalls;
use crate::trace::{Action, Recorder, Step};
use crate::waits::WaitGraph;
use crate::Window;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};

/// The race window opens on one call in this many (the first included): often enough that a
/// preemption or the other core lands in one within a trial, rarely enough that a long trial is
/// not all window (a yield on every one of 100,000 increments took 220 ms per trial on one core; one in 64 of
/// 20,000 takes about 2 ms, and still loses updates in every trial: see BENCHMARKS.md).
pub const WINDOW_EVERY: u64 = 64;

/// Whether call `call` (from 0) of `race_window` opens the window: the first, then every 64th.
fn opens(call: u64) -> bool {
    call.is_multiple_of(WINDOW_EVERY)
}

/// What a lab thread knows about itself: its number, its work, and where its steps go.
#[derive(Debug)]
pub struct Ctx {
    thread: usize,
    iters: u64,
    window: Window,
    recorder: Option<Recorder>,
    window_calls: AtomicU64,
    waits: Option<WaitGraph>,
    stalls: Option<Stalls>,
    threads: usize,
}

impl Clone for Ctx {
    fn clone(&self) -> Self {
        Ctx::new(self.thread, self.iters, self.window, self.recorder.clone())
            .with_waits_of(self)
            .with_threads(self.threads)
    }
}

impl Ctx {
    /// A context for lab thread `thread` (from 1) doing `iters` iterations.
    pub fn new(thread: usize, iters: u64, window: Window, recorder: Option<Recorder>) -> Self {
        Ctx {
            thread,
            iters,
            window,
            recorder,
            window_calls: AtomicU64::new(0),
            waits: None,
            stalls: None,
            threads: thread,
        }
    }

    /// The same context, told how many lab threads run in this execution.
    pub(crate) fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// How many lab threads run in this execution (a pool lab's workers).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The same context, sharing `waits` (one per execution) with the other threads.
    pub(crate) fn with_waits(mut self, waits: WaitGraph) -> Self {
        self.waits = Some(waits);
        self
    }

    /// The execution's wait-for graph, if the harness gave it one.
    pub(crate) fn waits(&self) -> Option<&WaitGraph> {
        self.waits.as_ref()
    }

    fn with_waits_of(mut self, other: &Ctx) -> Self {
        self.waits = other.waits.clone();
        self.stalls = other.stalls.clone();
        self
    }

    /// The same context, counting its waits in `stalls` (one per real-thread trial).
    pub(crate) fn with_stalls(mut self, stalls: Option<Stalls>) -> Self {
        self.stalls = stalls;
        self
    }

    /// Runs `wait`, a blocking call of a waiting primitive, counted as this thread waiting
    /// where the runner watches for a trial in which every thread waits.
    pub(crate) fn waiting<T>(&self, wait: impl FnOnce() -> T) -> T {
        match &self.stalls {
            Some(stalls) => stalls.waiting(wait),
            None => wait(),
        }
    }

    /// This thread's number, from 1. Code that asks may do something else on each thread, so
    /// the SC checker does not take its threads for symmetric.
    pub fn thread(&self) -> usize {
        crate::explore::dpor::board::named_thread();
        self.thread
    }

    /// This thread's number, for racelab's own bookkeeping (what the lab does never depends
    /// on it).
    pub(crate) fn id(&self) -> usize {
        self.thread
    }

    /// How many iterations (increments, withdrawals, ...) this thread performs.
    pub fn iters(&self) -> u64 {
        self.iters
    }

    /// Widens the gap between a check (or load) and the act that depends on it, on the first
    /// call and then one in [`WINDOW_EVERY`]. Real threads only: under a model checker every
    /// gap is already explored, so this does nothing.
    pub fn race_window(&self) {
        if self.window == Window::None || !opens(self.window_calls.fetch_add(1, Ordering::Relaxed))
        {
            return;
        }
        self.window.open();
    }

    pub(crate) fn is_recording(&self) -> bool {
        self.recorder.is_some()
    }

    pub(crate) fn record(
        &self,
        action: Action,
        target: &'static str,
        value: Option<i64>,
        stale: bool,
        at: &'static Location<'static>,
    ) {
        self.record_ordered(action, target, value, stale, Ordering::SeqCst, at);
    }

    /// Records a step done with `ordering`; one weaker than `SeqCst` is shown with the step and
    /// noted for the checkers.
    pub(crate) fn record_ordered(
        &self,
        action: Action,
        target: &'static str,
        value: Option<i64>,
        stale: bool,
        ordering: Ordering,
        at: &'static Location<'static>,
    ) {
        if let Some(recorder) = &self.recorder {
            let ordering = crate::shared::weaker_than_seqcst(ordering);
            if let Some(name) = ordering {
                recorder.note_weak(name);
            }
            recorder.push(Step {
                thread: self.thread,
                action,
                target: target.into(),
                value,
                stale,
                ordering: ordering.map(Into::into),
                file: at.file().into(),
                line: at.line(),
                preempts: None,
                note: None,
            });
        }
    }

    /// Records a waiting primitive's step, with the rest of its words in `note`; returns its
    /// index in the timeline.
    pub(crate) fn record_note(
        &self,
        action: Action,
        target: &'static str,
        value: Option<i64>,
        note: String,
        at: &'static Location<'static>,
    ) -> usize {
        let Some(recorder) = &self.recorder else {
            return 0;
        };
        let index = recorder.len();
        recorder.push(Step {
            thread: self.thread,
            action,
            target: target.into(),
            value,
            stale: false,
            ordering: None,
            file: at.file().into(),
            line: at.line(),
            preempts: None,
            note: (!note.is_empty()).then_some(note),
        });
        index
    }

    /// The index the next recorded step will have in the timeline.
    pub(crate) fn next_step(&self) -> usize {
        self.recorder.as_ref().map_or(0, Recorder::len)
    }

    /// Replaces the note of timeline step `index`.
    pub(crate) fn amend(&self, index: usize, note: String) {
        if let Some(recorder) = &self.recorder {
            recorder.amend(index, note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_on_the_first_call_then_one_in_64() {
        let opened: Vec<u64> = (0..200).filter(|&call| opens(call)).collect();
        assert_eq!(opened, [0, 64, 128, 192]);
    }
}
