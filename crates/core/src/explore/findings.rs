//! What an exploration collects across executions: the outcome table and the simplest violation.

use crate::outcome::OutcomeTable;
use crate::trace::Step;
use crate::{verdict_of, Checker, Counterexample, State};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The outcome table and the best counterexample so far, shared with the model closure through
/// a std mutex (not a model primitive, so it adds no scheduling point).
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub table: OutcomeTable,
    pub best: Option<Counterexample>,
    /// The simplest counterexample of each verdict (an overdraft and money created are
    /// different lessons).
    pub best_by_verdict: std::collections::BTreeMap<String, Counterexample>,
    /// The first violating execution: its number (from 1, in exploration order) and when.
    pub first_violation: Option<(u64, Duration)>,
    /// Orderings weaker than `SeqCst` that any execution used.
    pub weak: BTreeSet<&'static str>,
    /// How many scheduling choices the last execution had made when its steps ended (what its
    /// replay token lists).
    pub last_schedule: usize,
    /// racelab's SC checker: the worst bypass of each object so far, with the object's number
    /// (the order of creation).
    pub bypass: Vec<(usize, crate::Bypass)>,
    /// A replayed schedule that broke nothing, step by step.
    pub replayed: Vec<Step>,
    /// racelab's SC checker: how many Mazurkiewicz classes the executions stand for (more than
    /// the executions when symmetric threads were explored once per orbit).
    pub classes: u64,
    /// racelab's SC checker: whether some execution waited out a spin loop. An orbit's size
    /// then need not count the classes of an exploration without symmetry (which waits spins
    /// out too, one execution for turns that repeat): `classes` is not claimed.
    pub spun: bool,
}

/// One finished execution, as the model closure saw it.
pub(crate) struct Execution {
    pub state: State,
    pub violations: Vec<String>,
    /// How many steps it recorded (the steps themselves are taken only when they are kept).
    pub length: usize,
    pub preemptions: usize,
    pub found_by: Checker,
    /// Time since the exploration started, when this execution ended.
    pub elapsed: Duration,
    /// Orderings weaker than `SeqCst` that it used (or that the recorder has seen so far).
    pub weak: BTreeSet<&'static str>,
}

impl Findings {
    /// Counts one execution; keeps it as the counterexample if it violates the invariant with
    /// fewer preemptions (then fewer steps) than the best so far. `steps` and `replay` give its
    /// trace and token, called only then.
    pub fn record(
        &mut self,
        run: Execution,
        steps: impl FnOnce() -> Vec<Step>,
        replay: impl FnOnce() -> Option<String>,
    ) {
        // The closures are the only generic part: the rest is compiled once, not per caller.
        if let Some(kept) = self.counts(&run) {
            self.keep(run, kept, steps(), replay());
        }
    }

    /// Counts `run`; if it violates the invariant more simply than the best counterexample so
    /// far (overall, or of its verdict), says which, with its verdict.
    fn counts(&mut self, run: &Execution) -> Option<Simpler> {
        self.table.add_ref(&run.state, &run.violations);
        if !run.weak.is_subset(&self.weak) {
            self.weak.extend(&run.weak);
        }
        if run.violations.is_empty() {
            return None;
        }
        if self.first_violation.is_none() {
            self.first_violation = Some((self.table.total(), run.elapsed));
        }
        let verdict = verdict_of(&run.violations);
        let simpler = |best: Option<&Counterexample>| {
            best.is_none_or(|best| {
                (run.preemptions, run.length) < (best.preemptions, best.steps.len())
            })
        };
        let kept = Simpler {
            overall: simpler(self.best.as_ref()),
            of_verdict: simpler(self.best_by_verdict.get(&verdict)),
            verdict,
        };
        (kept.overall || kept.of_verdict).then_some(kept)
    }

    /// Keeps `run`, with its trace and token, as the counterexample `kept` says it is.
    fn keep(&mut self, run: Execution, kept: Simpler, steps: Vec<Step>, replay: Option<String>) {
        let found = Counterexample {
            // What the trace shows: the steps that preempt another thread, as their scheduler
            // marked them.
            preemptions: crate::trace::preemptions(&steps),
            steps,
            replay,
            found_by: run.found_by,
            verdict: kept.verdict.clone(),
            state: run.state,
        };
        if kept.overall {
            self.best = Some(found.clone());
        }
        if kept.of_verdict {
            self.best_by_verdict.insert(kept.verdict, found);
        }
    }

    /// Adds the findings of a later part of the same exploration (the next unit of seeds): a
    /// counterexample replaces the current one only when it is strictly simpler, so merging in
    /// unit order gives the same result however the units were spread over threads.
    pub fn merge(&mut self, later: Findings) {
        self.merge_by(later, false);
    }

    /// [`Findings::merge`], a counterexample also replacing an equally simple one whose
    /// replay token comes later: the same result in whatever order parts are merged.
    pub fn merge_canonical(&mut self, other: Findings) {
        self.merge_by(other, true);
    }

    fn merge_by(&mut self, later: Findings, by_token: bool) {
        let before = self.table.total();
        self.table.merge(&later.table);
        self.classes += later.classes;
        self.spun |= later.spun;
        self.weak.extend(later.weak);
        if self.first_violation.is_none() {
            self.first_violation = later.first_violation.map(|(n, at)| (before + n, at));
        }
        let simpler = |new: &Counterexample, old: Option<&Counterexample>| {
            old.is_none_or(|old| {
                let (new_cost, old_cost) = (
                    (new.preemptions, new.steps.len()),
                    (old.preemptions, old.steps.len()),
                );
                new_cost < old_cost || (by_token && new_cost == old_cost && new.replay < old.replay)
            })
        };
        if let Some(found) = later.best {
            if simpler(&found, self.best.as_ref()) {
                self.best = Some(found);
            }
        }
        for (verdict, found) in later.best_by_verdict {
            if simpler(&found, self.best_by_verdict.get(&verdict)) {
                self.best_by_verdict.insert(verdict, found);
            }
        }
        for (number, found) in later.bypass {
            self.keep_bypass(number, found.times, || found);
        }
    }

    /// How many times the worst bypass of object `number` kept so far was bypassed (0: none).
    pub fn bypass_times(&self, number: usize) -> u64 {
        (self.bypass.iter())
            .find(|b| b.0 == number)
            .map_or(0, |b| b.1.times)
    }

    /// Keeps `make()` as the worst bypass of object `number` if it beats the one kept (is
    /// `times` more).
    pub fn keep_bypass(&mut self, number: usize, times: u64, make: impl FnOnce() -> crate::Bypass) {
        match self.bypass.iter_mut().find(|b| b.0 == number) {
            Some(kept) if kept.1.times >= times => {}
            Some(kept) => kept.1 = make(),
            None => {
                self.bypass.push((number, make()));
                self.bypass.sort_by_key(|b| b.0);
            }
        }
    }

    /// The worst bypass of each object, in the order they were created.
    pub fn bypass(&self) -> Vec<crate::Bypass> {
        self.bypass.iter().map(|b| b.1.clone()).collect()
    }
}

/// [`Findings`] shared between the explorer and its model closure.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedFindings(Arc<Mutex<Findings>>);

impl SharedFindings {
    pub fn lock(&self) -> MutexGuard<'_, Findings> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn take(&self) -> Findings {
        std::mem::take(&mut *self.lock())
    }
}

/// A violating execution simpler than the best so far: overall, of its verdict, or both.
struct Simpler {
    overall: bool,
    of_verdict: bool,
    verdict: String,
}

/// The execution a model checker stopped at because every thread was blocked (loom and shuttle
/// panic there, with no state to observe): recorded as a deadlock, with the steps it took, so
/// that the report counts it and shows its trace; the exploration then stops there.
pub(crate) fn record_deadlock(
    findings: &SharedFindings,
    recorder: &crate::trace::Recorder,
    found_by: crate::Checker,
    elapsed: std::time::Duration,
) {
    let weak = recorder.weak();
    let mut steps = recorder.take();
    let run = Execution {
        violations: vec!["deadlock".to_string()],
        preemptions: crate::trace::mark_preemptions(&mut steps),
        state: crate::State::from([(crate::runner::STUCK.to_string(), 1)]),
        length: steps.len(),
        found_by,
        elapsed,
        weak,
    };
    findings.lock().record(run, || steps, || None);
}
