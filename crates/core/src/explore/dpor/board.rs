//! The announcement board: racelab's `Cell`, `Lock`, await points and harness post here what a
//! thread is about to do, before the scheduling point that does it, and what it did after.
//!
//! The executor tells the checker only which threads can run; it also needs each one's next
//! operation. The board is thread-local: the executor runs every model thread of an execution on
//! the OS thread that explores, so the lab's code and the scheduler see the same board, and
//! explorations on other OS threads (parallel tests) each have their own. Off an exploration it
//! is inactive and every call is a no-op.

use super::event::{obj, Obj, Op, SyncOp, Tid};
use super::sync::{Effect, Kind, Ready, SyncState};
use std::cell::RefCell;
use std::panic::Location;

/// A cell or lock that the board numbers.
#[derive(Debug, Clone)]
pub(crate) struct Object {
    /// Its name in the lab (`counter`, `A`).
    pub name: &'static str,
    /// The value it holds now (cells only).
    pub value: Option<i64>,
    /// What it is, when it is a lock or a waiting primitive.
    pub kind: Option<Kind>,
}

/// What a thread announced it will do next.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Announced {
    pub op: Op,
    /// The operation in the timeline's words (`load`, `fetch_add`, `compare_exchange`).
    pub word: &'static str,
    pub at: Option<&'static Location<'static>>,
}

/// What the running step turned out to do.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Done {
    /// The value a load or failed compare-exchange read.
    pub read: Option<i64>,
    /// The compare-exchange failed: the step was a read.
    pub failed: bool,
    /// It touched state that only await points order (a cooperative task's cell).
    pub global: bool,
    /// A `try_lock` took the lock, or a `try_acquire` a permit.
    pub took: bool,
    /// A FIFO semaphore's `acquire` joined its queue (it takes the permit in a later step).
    pub queued: bool,
}

impl Done {
    /// A step that read nothing and took nothing.
    const NOTHING: Done = Done {
        read: None,
        failed: false,
        global: false,
        took: false,
        queued: false,
    };
}

impl Default for Done {
    fn default() -> Self {
        Done::NOTHING
    }
}

#[derive(Debug)]
pub(crate) struct Board {
    active: bool,
    /// An execution is under way (not stopped by the checker, not being torn down).
    live: bool,
    pub objects: Vec<Object>,
    pending: Vec<Option<Announced>>,
    pub done: Done,
    /// The waiting primitives' state.
    sync: SyncState,
    /// The most spurious wakeups an execution may have.
    spurious: u32,
    /// A thread waited on a condition variable in some execution.
    waited: bool,
    /// A lab thread asked for its number in some execution (its threads are not symmetric).
    named: bool,
}

impl Board {
    /// An inactive board (a constant: the thread-local needs no lazy start).
    const fn new() -> Board {
        Board {
            active: false,
            live: false,
            objects: Vec::new(),
            pending: Vec::new(),
            done: Done::NOTHING,
            sync: SyncState::new(0),
            spurious: 0,
            waited: false,
            named: false,
        }
    }
}

thread_local! {
    static BOARD: RefCell<Board> = const { RefCell::new(Board::new()) };
}

fn with<T>(f: impl FnOnce(&mut Board) -> T) -> T {
    BOARD.with(|board| f(&mut board.borrow_mut()))
}

/// Whether an SC-checker exploration runs on this OS thread.
pub(crate) fn active() -> bool {
    with(|b| b.active)
}

/// Starts (or ends) an exploration on this OS thread, with an empty board.
pub(crate) fn activate(on: bool) {
    with(|b| {
        *b = Board::new();
        b.active = on;
    });
}

/// Each execution from now on may have up to `bound` spurious wakeups.
pub(crate) fn allow_spurious(bound: u32) {
    with(|b| b.spurious = bound);
}

/// Clears the board for the next execution.
pub(crate) fn new_execution() {
    with(|b| {
        b.live = true;
        b.objects.clear();
        b.pending.clear();
        b.done = Done::default();
        b.sync = SyncState::new(b.spurious);
    });
}

/// Starts or stops listening: a stopped execution's threads are unwound, and what they do
/// then is not part of it.
pub(crate) fn live(on: bool) {
    with(|b| b.live = on);
}

/// Numbers a new cell (with its value) or lock (`None`); 0 when inactive.
pub(crate) fn register(name: &'static str, value: Option<i64>) -> Obj {
    with(|b| {
        if !b.active {
            return 0;
        }
        b.objects.push(Object {
            name,
            value,
            kind: None,
        });
        obj(b.objects.len() - 1)
    })
}

/// Numbers a new lock or waiting primitive; 0 when inactive.
pub(crate) fn register_sync(name: &'static str, kind: Kind) -> Obj {
    with(|b| {
        if !b.active {
            return 0;
        }
        let o = obj(b.objects.len());
        b.objects.push(Object {
            name,
            value: None,
            kind: Some(kind),
        });
        b.sync.add(o, kind);
        o
    })
}

/// Whether a thread waited on a condition variable in an execution of this exploration.
pub(crate) fn waited() -> bool {
    with(|b| b.waited)
}

/// A lab thread asks for its number: what it does may depend on which thread it is.
pub(crate) fn named_thread() {
    with(|b| b.named |= b.active);
}

/// Whether a lab thread asked for its number in an execution of this exploration.
pub(crate) fn thread_named() -> bool {
    with(|b| b.named)
}

/// Whether `tid` can do `op` now.
pub(crate) fn sync_ready(tid: Tid, op: Op) -> Ready {
    with(|b| b.sync.ready(tid, op))
}

/// The running thread does `op` (sending `value`), recorded as timeline step `step`; `None`
/// when no execution is under way.
pub(crate) fn sync_apply(op: Op, value: i64, step: usize) -> Option<(Effect, bool)> {
    if !with(|b| b.live) {
        return None;
    }
    let me = crate::runtime::coroutines::executor::current();
    with(|b| {
        b.waited |= matches!(op, Op::Sync(_, SyncOp::Wait));
        let effect = b.sync.apply(me, op, value, step);
        b.done.took |=
            matches!(op, Op::Sync(_, SyncOp::TryAcquire)) && effect == Effect::Took(true);
        b.done.queued |= matches!(effect, Effect::Permits { queued: true, .. });
        let waits = match op {
            Op::Sync(o, sync) => b.sync.waits_after(o, sync, &effect),
            _ => false,
        };
        Some((effect, waits))
    })
}

/// The kinds of the locks and waiting primitives of the execution under way, by object.
pub(crate) fn kinds() -> Vec<(Obj, Kind)> {
    with(|b| {
        (b.objects.iter().enumerate())
            .filter_map(|(o, object)| object.kind.map(|k| (obj(o), k)))
            .collect()
    })
}

/// The bound on spurious wakeups.
pub(crate) fn spurious_bound() -> u32 {
    with(|b| b.spurious)
}

/// The running thread is about to do `op` at `at`.
pub(crate) fn announce(op: Op, at: Option<&'static Location<'static>>) {
    announce_as(op, op.word(), at);
}

/// The running thread is about to do `op`, called `word`, at `at`.
pub(crate) fn announce_as(op: Op, word: &'static str, at: Option<&'static Location<'static>>) {
    if !with(|b| b.live) {
        return;
    }
    let me = crate::runtime::coroutines::executor::current();
    with(|b| {
        if b.pending.len() <= me {
            b.pending.resize(me + 1, None);
        }
        b.pending[me] = Some(Announced { op, word, at });
    });
}

/// The running step read `value`.
pub(crate) fn read(value: i64) {
    with(|b| {
        if b.live {
            b.done.read = Some(value);
        }
    });
}

/// The running step's compare-exchange failed, seeing `value`.
pub(crate) fn failed(value: i64) {
    with(|b| {
        if b.live {
            b.done.read = Some(value);
            b.done.failed = true;
        }
    });
}

/// The running step wrote `value` into `object`.
pub(crate) fn wrote(object: Obj, value: i64) {
    with(|b| {
        if let Some(o) = b.objects.get_mut(object as usize) {
            o.value = Some(value);
        }
    });
}

/// The running step was a `try_lock` that took the lock.
pub(crate) fn took() {
    with(|b| b.done.took |= b.live);
}

/// The running step touched a cooperative task's cell.
pub(crate) fn touched_coop() {
    with(|b| b.done.global |= b.live);
}

/// Takes what `tid` announced, if it has not been taken.
pub(crate) fn take_pending(tid: Tid) -> Option<Announced> {
    with(|b| b.pending.get_mut(tid).and_then(Option::take))
}

/// What `tid` announced, without taking it.
pub(crate) fn peek_pending(tid: Tid) -> Option<Announced> {
    with(|b| b.pending.get(tid).copied().flatten())
}

/// What `tid` announced it will do, without taking it.
pub(crate) fn pending_op(tid: Tid) -> Option<Op> {
    with(|b| b.pending.get(tid).and_then(|a| a.map(|a| a.op)))
}

/// Every announcement not yet taken, by thread.
pub(crate) fn all_pending() -> Vec<(Tid, Announced)> {
    with(|b| {
        (b.pending.iter().enumerate())
            .filter_map(|(t, a)| a.map(|a| (t, a)))
            .collect()
    })
}

/// Takes what the step that just ran did.
pub(crate) fn take_done() -> Done {
    with(|b| std::mem::take(&mut b.done))
}

/// The cells and locks of the execution under way.
pub(crate) fn objects() -> Vec<Object> {
    with(|b| b.objects.clone())
}
