//! A named channel of integers with any number of senders and receivers: bounded (a send waits
//! while it is full; capacity 0 makes each send wait for its receiver) or unbounded.

use super::{checked, Ctx};
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, SyncOp};
use crate::explore::dpor::sync::{Effect, Kind};
use crate::runtime::{AtomicCell, RawChannel, Runtime};
use crate::trace::Action;
use std::panic::Location;

/// A named channel of integers; sends and receives are recorded as steps.
#[derive(Debug)]
pub struct Channel<R: Runtime> {
    name: &'static str,
    /// Its number for racelab's SC checker.
    id: Obj,
    channel: R::Channel,
    /// The scheduling point of its steps under racelab's SC checker.
    gate: R::Atomic,
}

impl<R: Runtime> Channel<R> {
    /// A channel called `name` holding at most `capacity` values; with 0, a rendezvous: each
    /// send waits until a receiver takes its value.
    pub fn bounded(name: &'static str, capacity: usize) -> Self {
        Self::with(name, Some(capacity), R::Channel::bounded(capacity))
    }

    /// A channel called `name` that never fills.
    pub fn unbounded(name: &'static str) -> Self {
        Self::with(name, None, R::Channel::unbounded())
    }

    fn with(name: &'static str, capacity: Option<usize>, channel: R::Channel) -> Self {
        Channel {
            name,
            id: board::register_sync(name, Kind::Channel { capacity }),
            channel,
            gate: R::Atomic::new(0),
        }
    }

    /// Sends `value`, waiting while the channel is full (or, a rendezvous, until it is taken).
    #[track_caller]
    pub fn send(&self, cx: &Ctx, value: i64) {
        let at = Location::caller();
        if !checked::checking(cx) {
            cx.record_note(
                Action::Send,
                self.name,
                Some(value),
                format!(" {value}"),
                at,
            );
            cx.waiting(|| self.channel.send(value));
            return;
        }
        let (effect, waits) = checked::step(cx, &self.gate, self.id, SyncOp::Send, value, at);
        if waits {
            let note = format!(" {value}: waits for a receiver");
            cx.record_note(Action::Send, self.name, Some(value), note, at);
            checked::step(cx, &self.gate, self.id, SyncOp::Delivered, value, at);
            let note = format!(" {value}: taken");
            cx.record_note(Action::Send, self.name, Some(value), note, at);
        } else {
            let queued = match effect {
                Effect::Sent { queued } => queued,
                _ => 0,
            };
            let note = format!(" {value} ({queued} queued)");
            cx.record_note(Action::Send, self.name, Some(value), note, at);
        }
    }

    /// Receives the oldest value sent, waiting while there is none.
    #[track_caller]
    pub fn recv(&self, cx: &Ctx) -> i64 {
        let at = Location::caller();
        let value = if checked::checking(cx) {
            match checked::step(cx, &self.gate, self.id, SyncOp::Recv, 0, at).0 {
                Effect::Received { value, .. } => value,
                _ => 0,
            }
        } else {
            cx.waiting(|| self.channel.recv())
        };
        cx.record_note(
            Action::Recv,
            self.name,
            Some(value),
            format!(" -> {value}"),
            at,
        );
        value
    }
}
