//! Shuttle schedulers of racelab's own: one that wraps any other to record its choices, count
//! and bound preemptions and spend a budget, and one that replays a token.

use super::budget::Clock;
use crate::trace::Recorder;
use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};
use std::sync::{Arc, Mutex, MutexGuard};

/// What the recording scheduler knows about the execution under way.
#[derive(Debug, Default)]
pub(crate) struct Decisions {
    /// The task chosen at each scheduling point so far.
    pub choices: Vec<usize>,
    /// Switches away from a task that could have kept running.
    pub preemptions: usize,
    /// Executions started.
    pub executions: u64,
    /// Why the exploration stopped early, if it did.
    pub stopped: Option<crate::Limit>,
}

/// [`Decisions`] shared between the scheduler and the model closure.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedDecisions(Arc<Mutex<Decisions>>);

impl SharedDecisions {
    pub fn lock(&self) -> MutexGuard<'_, Decisions> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Wraps a scheduler: records every choice, counts preemptions, and with a bound hides every
/// other task from the inner scheduler once the bound is reached and the current task can go on
/// (so a DFS stays a DFS over the bounded space).
pub(crate) struct Recording<S> {
    inner: S,
    decisions: SharedDecisions,
    bound: Option<usize>,
    clock: Clock,
    /// Where the execution's steps go: each preemption marks the next step of the thread that
    /// took over.
    recorder: Recorder,
}

impl<S> Recording<S> {
    pub fn new(
        inner: S,
        decisions: SharedDecisions,
        bound: Option<usize>,
        clock: Clock,
        recorder: Recorder,
    ) -> Self {
        Recording {
            inner,
            decisions,
            bound,
            clock,
            recorder,
        }
    }
}

impl<S: Scheduler> Scheduler for Recording<S> {
    fn new_execution(&mut self) -> Option<Schedule> {
        let mut d = self.decisions.lock();
        if d.stopped.is_some() {
            return None;
        }
        if let Some(reason) = self.clock.spent(d.executions) {
            d.stopped = Some(reason);
            return None;
        }
        let schedule = self.inner.new_execution()?;
        d.executions += 1;
        d.choices.clear();
        d.preemptions = 0;
        Some(schedule)
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        is_yielding: bool,
    ) -> Option<TaskId> {
        let mut d = self.decisions.lock();
        let continuing = current
            .and_then(|c| runnable.iter().position(|t| t.id() == c))
            .filter(|_| !is_yielding);
        let at_bound = self.bound.is_some_and(|b| d.preemptions >= b);
        // A thread that yields (a spin loop waiting for another) steps aside while another can
        // run: spinning again before anyone else moves would see the same state, and would make
        // DFS schedules endless.
        let others: Vec<&Task>;
        let runnable = if is_yielding && runnable.len() > 1 {
            others = runnable
                .iter()
                .copied()
                .filter(|t| Some(t.id()) != current)
                .collect();
            if others.is_empty() {
                runnable
            } else {
                &others[..]
            }
        } else {
            runnable
        };
        let choice = match continuing {
            Some(i) if at_bound => self
                .inner
                .next_task(&runnable[i..=i], current, is_yielding)?,
            _ => self.inner.next_task(runnable, current, is_yielding)?,
        };
        let preempted = continuing.is_some() && Some(choice) != current;
        if preempted {
            d.preemptions += 1;
        }
        if let Some(current) = current {
            self.recorder
                .switched(current.into(), choice.into(), preempted);
        }
        d.choices.push(choice.into());
        Some(choice)
    }

    fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }
}

/// How a replayed token's schedule failed to fit the execution, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Misfit {
    /// The execution needed more choices than the token has.
    TooShort,
    /// The execution ended with choices of the token left over.
    TooLong {
        /// How many were left.
        left: usize,
    },
    /// The token names a thread that cannot run at this choice (from 1).
    Impossible {
        /// Which choice.
        at: usize,
    },
}

impl std::fmt::Display for Misfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Misfit::TooShort => write!(f, "the schedule ends before the execution does"),
            Misfit::TooLong { left } => {
                write!(f, "the execution ends with {left} of its choices unused")
            }
            Misfit::Impossible { at } => {
                write!(f, "choice {at} names a thread that cannot run there")
            }
        }
    }
}

/// Replays the choices of a token, once, and notes a choice that is not runnable; it then
/// carries on deterministically, so a bad token gets a clear message instead of a panic.
#[derive(Debug)]
pub(crate) struct TokenReplay {
    choices: Vec<usize>,
    next: usize,
    started: bool,
    misfit: Arc<Mutex<Option<Misfit>>>,
}

impl TokenReplay {
    pub fn new(choices: Vec<usize>, misfit: Arc<Mutex<Option<Misfit>>>) -> Self {
        TokenReplay {
            choices,
            next: 0,
            started: false,
            misfit,
        }
    }

    fn note(&self, misfit: Misfit) {
        let mut slot = self.misfit.lock().unwrap_or_else(|p| p.into_inner());
        slot.get_or_insert(misfit);
    }
}

impl Scheduler for TokenReplay {
    fn new_execution(&mut self) -> Option<Schedule> {
        (!std::mem::replace(&mut self.started, true)).then(|| Schedule::new(0))
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        _is_yielding: bool,
    ) -> Option<TaskId> {
        let wanted = self.choices.get(self.next).copied();
        self.next += 1;
        if let Some(task) = runnable
            .iter()
            .find(|t| Some(usize::from(t.id())) == wanted)
        {
            return Some(task.id());
        }
        if wanted.is_some() {
            self.note(Misfit::Impossible { at: self.next });
        }
        // Past the end of the token (the execution winding down after its last step, or a token
        // too short, which the explorer finds from the schedule's length) or off it: keep going.
        current
            .filter(|c| runnable.iter().any(|t| t.id() == *c))
            .or_else(|| runnable.first().map(|t| t.id()))
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}
