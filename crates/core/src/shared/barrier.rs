//! A named reusable barrier, shaped like std's: `wait` returns when `n` threads have arrived,
//! true for one of them (the leader) each round.

use super::{checked, Ctx};
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, SyncOp};
use crate::explore::dpor::sync::{Effect, Kind};
use crate::runtime::{AtomicCell, RawBarrier, Runtime};
use crate::trace::Action;
use std::panic::Location;

/// A named reusable barrier for `n` threads; arrivals and departures are recorded as steps.
#[derive(Debug)]
pub struct Barrier<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: Obj,
    barrier: R::Barrier,
    /// The scheduling point of its steps under racelab's SC checker.
    gate: R::Atomic,
}

impl<R: Runtime> Barrier<R> {
    /// A barrier called `name` that lets `n` threads through at a time.
    pub fn new(name: &'static str, n: usize) -> Self {
        Barrier {
            name,
            id: board::register_sync(name, Kind::Barrier { n }),
            barrier: R::Barrier::new(n),
            gate: R::Atomic::new(0),
        }
    }

    /// Waits until `n` threads have arrived in this round; true for one of them each round
    /// (under racelab's SC checker, the last to arrive).
    #[track_caller]
    pub fn wait(&self, cx: &Ctx) -> bool {
        let at = Location::caller();
        if !checked::checking(cx) {
            cx.record_note(Action::Barrier, self.name, None, ": arrives".into(), at);
            let leader = cx.waiting(|| self.barrier.wait());
            let note = if leader {
                ": goes on (leader)"
            } else {
                ": goes on"
            };
            cx.record_note(Action::Barrier, self.name, None, note.into(), at);
            return leader;
        }
        let (effect, _) = checked::step(cx, &self.gate, self.id, SyncOp::Arrive, 0, at);
        let Effect::Arrived { round, arrived, n } = effect else {
            return false;
        };
        let leader = arrived >= n;
        let mut note = format!(" round {round}: {arrived} of {n} arrived");
        if leader {
            note.push_str(", all go on (leader)");
        }
        cx.record_note(Action::Barrier, self.name, None, note, at);
        if !leader {
            checked::step(cx, &self.gate, self.id, SyncOp::Depart, 0, at);
            let note = format!(" round {round}: goes on");
            cx.record_note(Action::Barrier, self.name, None, note, at);
        }
        leader
    }
}
