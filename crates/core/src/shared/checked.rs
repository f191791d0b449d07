//! One step of a waiting primitive under racelab's SC checker: announced, run when the checker
//! picks it, and applied to the checker's model of the primitive.

use super::Ctx;
use crate::explore::dpor::board;
use crate::explore::dpor::event::{Obj, Op, SyncOp};
use crate::explore::dpor::sync::Effect;
use crate::runtime::AtomicCell;
use std::panic::Location;
use std::sync::atomic::Ordering::SeqCst;

/// Whether `cx`'s thread runs under racelab's SC checker, which then decides every step of the
/// waiting primitives.
pub(super) fn checking(cx: &Ctx) -> bool {
    cx.is_recording() && board::active()
}

/// Announces `op` on primitive `obj` (sending `value`), waits at the scheduling point `gate`
/// until the checker runs it, and applies it: what it did, and whether it now waits for a
/// second step (a rendezvous send, a queued FIFO acquire).
pub(super) fn step<A: AtomicCell>(
    cx: &Ctx,
    gate: &A,
    obj: Obj,
    op: SyncOp,
    value: i64,
    at: &'static Location<'static>,
) -> (Effect, bool) {
    run(cx, gate, Op::Sync(obj, op), value, at)
}

/// [`step`] for any operation the checker's model of the primitives follows (a lock's too).
pub(super) fn run<A: AtomicCell>(
    cx: &Ctx,
    gate: &A,
    op: Op,
    value: i64,
    at: &'static Location<'static>,
) -> (Effect, bool) {
    run_as(cx, gate, op, op.word(), value, at)
}

/// [`run`], the step named `word` where the player sees what a thread does next.
pub(super) fn run_as<A: AtomicCell>(
    cx: &Ctx,
    gate: &A,
    op: Op,
    word: &'static str,
    value: i64,
    at: &'static Location<'static>,
) -> (Effect, bool) {
    board::announce_as(op, word, Some(at));
    gate.load(SeqCst);
    board::sync_apply(op, value, cx.next_step()).unwrap_or((Effect::None, false))
}
