//! Events of the SC checker: what one scheduling step does to shared state, and when two steps
//! are dependent (their order can change what the program sees).

/// A thread, as the scheduler numbers it: 0 is the harness's main thread, lab thread `k` is `k`.
pub(crate) type Tid = usize;

/// A cell or lock of one execution, numbered in the order it was created (the same in every
/// execution that replays the same prefix, unlike its address).
pub(crate) type Obj = u32;

/// Object number `n`.
pub(crate) fn obj(n: usize) -> Obj {
    Obj::try_from(n).expect("fewer than 2^32 cells and locks")
}

/// The lab thread a spawn starts or a join waits for: a [`Tid`] in 32 bits, like an [`Obj`],
/// so that an [`Op`] fits in one register.
pub(crate) type Child = u32;

/// `tid` as a spawn or a join names it.
pub(crate) fn child(tid: Tid) -> Child {
    Child::try_from(tid).expect("fewer than 2^32 threads")
}

/// The shared-memory effect of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    /// A thread's first step: local code up to its first shared operation.
    Start,
    /// A load, or a compare-exchange that failed.
    Read(Obj),
    /// A store, fetch_add or successful compare-exchange; a compare-exchange not yet run, too.
    Write(Obj),
    /// An indivisible increment whose old value the thread does not read (`Cell::add`): it
    /// commutes with another of the same cell (the sum is the same in either order, and no
    /// thread saw the value between them), not with a load, a store or a `fetch_add`.
    Add(Obj),
    /// Takes a lock.
    Lock(Obj),
    /// Releases a lock.
    Unlock(Obj),
    /// The main thread starts lab thread `Child`.
    Spawn(Child),
    /// The main thread waits for lab thread `Child` to finish.
    Join(Child),
    /// A cooperative task's await point: the task yields here, so switching away from it is
    /// no preemption. Dependent with every access, since await points order everything a
    /// cooperative task touches.
    Await,
    /// A step the checker cannot see into: dependent with every access.
    Global,
    /// The thread offers the processor to another (`yield_now`): touches nothing, and switching
    /// away here is no preemption.
    Yield,
    /// An operation of a waiting primitive (or a `try_lock`) on the object.
    Sync(Obj, SyncOp),
    /// A thread's next step in a spin loop, once its reads repeat a turn of the loop
    /// ([`super::model`]): a read (or compare-exchange) of a cell, dependent with a write to any
    /// cell the loop reads, since any such write can be the one that let it go on.
    Spun(Spun),
}

/// The most cells a spin loop's turn may read for the SC checker to wait it out.
pub(crate) const SPUN_CELLS: usize = 3;

/// A step of a spin loop: the cell it touches, whether it may write it, and the other cells
/// the loop reads.
///
/// Six bytes, so that an [`Op`] takes eight, one register: an `Op` copied through memory piece
/// by piece stalls the processor at every step. Its cells are numbered in 15 bits (a loop over
/// cells numbered from [`Spun::MAX_CELL`] on is not waited out: [`super::model`]); the top bit
/// of the first says whether the step may write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Spun {
    /// The cell it touches first (with [`Spun::WRITE`]), then the loop's other cells;
    /// [`Spun::NONE`] pads.
    cells: [u16; SPUN_CELLS],
}

impl Spun {
    /// The cells a spin loop's step can name are those below this one.
    pub const MAX_CELL: Obj = 0x7fff;
    /// The bit of the first cell that marks a compare-exchange not yet run.
    const WRITE: u16 = 0x8000;
    /// No cell.
    const NONE: u16 = u16::MAX;

    /// A step on `cell` (a write if `write`) of a loop that reads `watched` too; every cell
    /// below [`Spun::MAX_CELL`].
    pub fn new(cell: Obj, write: bool, watched: impl IntoIterator<Item = Obj>) -> Spun {
        let short = |o: Obj| {
            debug_assert!(o < Spun::MAX_CELL, "cell {o} of a spin loop");
            o as u16
        };
        let mut cells = [Spun::NONE; SPUN_CELLS];
        cells[0] = short(cell);
        let mut len = 1;
        for o in watched {
            if len < SPUN_CELLS && !cells[..len].contains(&short(o)) {
                cells[len] = short(o);
                len += 1;
            }
        }
        if write {
            cells[0] |= Spun::WRITE;
        }
        Spun { cells }
    }

    /// The cell it touches.
    pub fn cell(self) -> Obj {
        Obj::from(self.cells[0] & !Spun::WRITE)
    }

    /// Whether it may write its cell: a compare-exchange not yet run (a failed one is a read).
    pub fn write(self) -> bool {
        self.cells[0] & Spun::WRITE != 0
    }

    /// Every cell the loop reads, the one it touches first.
    pub fn cells(self) -> impl Iterator<Item = Obj> {
        let others = (self.cells.into_iter().skip(1))
            .take_while(|&c| c != Spun::NONE)
            .map(Obj::from);
        std::iter::once(self.cell()).chain(others)
    }

    /// Whether the loop reads `cell`.
    pub fn watches(self, cell: Obj) -> bool {
        self.cells().any(|c| c == cell)
    }

    /// The same step, a compare-exchange that failed: a read.
    pub fn failed(self) -> Spun {
        let mut cells = self.cells;
        cells[0] &= !Spun::WRITE;
        Spun { cells }
    }

    /// The step it is, as a plain access of its cell.
    pub fn plain(self) -> Op {
        match self.write() {
            true => Op::Write(self.cell()),
            false => Op::Read(self.cell()),
        }
    }
}

/// An operation of a waiting primitive, as the SC checker sees it ([`super::sync`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SyncOp {
    /// `try_lock`, before it runs.
    TryLock,
    /// A `try_lock` that took the lock.
    TryLocked,
    /// A `try_lock` that found the lock held: it only looked.
    TryLockFailed,
    /// A condition variable's wait: joins its waiters (the lock is released by the next step).
    Wait,
    /// Leaves a condition variable's wait, notified (by a `notify_all`, or taking a
    /// `notify_one`'s token).
    Wake,
    /// Leaves a condition variable's wait without a notify (a spurious wakeup), spending one of
    /// the execution's: dependent with the condition variable's steps and with every other
    /// spurious wakeup (they share the bound).
    Spurious,
    /// `notify_one`.
    NotifyOne,
    /// `notify_all`.
    NotifyAll,
    /// A semaphore's `acquire` (a FIFO semaphore's may queue instead).
    Acquire,
    /// A FIFO semaphore's queued `acquire` takes the permit handed to it.
    Granted,
    /// `try_acquire`.
    TryAcquire,
    /// `release`.
    Release,
    /// Arrives at a barrier.
    Arrive,
    /// Leaves a barrier whose round is complete.
    Depart,
    /// Takes a read-write lock to read.
    Read,
    /// Releases a read lock.
    ReadUnlock,
    /// Takes a read-write lock to write.
    Write,
    /// Releases a write lock.
    WriteUnlock,
    /// Sends on a channel (on a rendezvous channel, offers the value).
    Send,
    /// A rendezvous sender leaves once its value was taken.
    Delivered,
    /// Receives from a channel.
    Recv,
}

impl SyncOp {
    /// Whether two of these on one object commute: they only look (a failed `try_lock`).
    /// Read locks do not: a writer waits for every reader, and were two readers' acquisitions
    /// to commute, no reversal could put a waiting writer before both (acquisitions race, as a
    /// mutex's do in the Source Sets paper and Nidhugg).
    pub fn shares(self) -> bool {
        self == SyncOp::TryLockFailed
    }

    /// Whether it may have to wait: the checker runs it only when it can proceed.
    pub fn may_wait(self) -> bool {
        matches!(
            self,
            SyncOp::Wake
                | SyncOp::Spurious
                | SyncOp::Acquire
                | SyncOp::Granted
                | SyncOp::Depart
                | SyncOp::Read
                | SyncOp::Write
                | SyncOp::Send
                | SyncOp::Delivered
                | SyncOp::Recv
        )
    }

    /// The operation in the timeline's words.
    pub fn word(self) -> &'static str {
        match self {
            SyncOp::TryLock | SyncOp::TryLocked | SyncOp::TryLockFailed => "try_lock",
            SyncOp::Wait => "wait",
            SyncOp::Wake | SyncOp::Spurious => "wakes",
            SyncOp::NotifyOne => "notify_one",
            SyncOp::NotifyAll => "notify_all",
            SyncOp::Acquire | SyncOp::Granted => "acquire",
            SyncOp::TryAcquire => "try_acquire",
            SyncOp::Release => "release",
            SyncOp::Arrive | SyncOp::Depart => "barrier",
            SyncOp::Read => "read",
            SyncOp::ReadUnlock => "read_unlock",
            SyncOp::Write => "write",
            SyncOp::WriteUnlock => "write_unlock",
            SyncOp::Send | SyncOp::Delivered => "send",
            SyncOp::Recv => "recv",
        }
    }
}

impl Op {
    /// What the step does, in the timeline's words.
    pub fn word(self) -> &'static str {
        match self {
            Op::Start => "start",
            Op::Read(_) => "load",
            Op::Write(_) => "store",
            Op::Add(_) => "add",
            Op::Lock(_) => "lock",
            Op::Unlock(_) => "unlock",
            Op::Spawn(_) => "spawn",
            Op::Join(_) => "join",
            Op::Await => "await",
            Op::Global => "a step",
            Op::Yield => "yield",
            Op::Sync(_, op) => op.word(),
            Op::Spun(s) => s.plain().word(),
        }
    }

    /// A spin loop's step as the plain access it is; any other step as it is.
    pub fn plain(self) -> Op {
        match self {
            Op::Spun(s) => s.plain(),
            op => op,
        }
    }

    /// Whether it writes `cell` (or may: a compare-exchange not yet run).
    pub fn writes(self, cell: Obj) -> bool {
        matches!(self.plain(), Op::Write(c) | Op::Add(c) if c == cell)
    }

    /// The cell or lock it touches, if it touches one.
    pub fn object(self) -> Option<Obj> {
        match self {
            Op::Read(o) | Op::Write(o) | Op::Add(o) | Op::Lock(o) | Op::Unlock(o) => Some(o),
            Op::Sync(o, _) => Some(o),
            Op::Spun(s) => Some(s.cell()),
            _ => None,
        }
    }

    /// Whether it commutes with every step of every other thread (it may still start or end
    /// one: spawn and join order through happens-before, not through dependence).
    pub fn commutes_with_all(self) -> bool {
        matches!(self, Op::Start | Op::Yield | Op::Spawn(_) | Op::Join(_))
    }

    /// Whether swapping two adjacent steps with these effects can change what either sees.
    /// Lock operations on one lock are dependent (an unlock enables the next lock); so are the
    /// operations of one waiting primitive, but for read locks and failed `try_lock`s among
    /// themselves; spurious wakeups, on any condition variable, share their bound; spawn and
    /// join order threads through happens-before.
    pub fn dependent(self, other: Op) -> bool {
        use Op::*;
        match (self, other) {
            // A spin loop's step: as its access, and as a read of every cell the loop reads.
            (Spun(s), Spun(t)) => {
                s.plain().dependent(t.plain())
                    || (s.write() && t.watches(s.cell()))
                    || (t.write() && s.watches(t.cell()))
            }
            (Spun(s), op) | (op, Spun(s)) => {
                s.plain().dependent(op) || s.cells().any(|c| Read(c).dependent(op))
            }
            (Sync(_, SyncOp::Spurious), Sync(_, SyncOp::Spurious)) => true,
            (Start | Yield | Spawn(_) | Join(_), _) | (_, Start | Yield | Spawn(_) | Join(_)) => {
                false
            }
            (Global | Await, _) | (_, Global | Await) => true,
            (Add(_), Add(_)) => false,
            (Read(a) | Write(a), Write(b) | Add(b)) | (Write(a) | Add(a), Read(b) | Write(b)) => {
                a == b
            }
            (Lock(a) | Unlock(a), Lock(b) | Unlock(b)) => a == b,
            (Sync(a, x), Sync(b, y)) => a == b && !(x.shares() && y.shares()),
            (Sync(a, _), Lock(b) | Unlock(b)) | (Lock(a) | Unlock(a), Sync(b, _)) => a == b,
            _ => false,
        }
    }
}

/// Whether a step that writes also reads the value it replaces, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Rmw {
    /// No: a store writes without reading (and a load only reads).
    #[default]
    No,
    /// `fetch_add`: reads and writes, whatever it reads.
    Add,
    /// `compare_exchange`: writes only if it reads what it expects.
    Cas,
}

impl Rmw {
    /// What a step announced as `word` (`fetch_add`, `compare_exchange`) is.
    pub fn of(word: &str) -> Rmw {
        match word {
            "fetch_add" => Rmw::Add,
            "compare_exchange" => Rmw::Cas,
            _ => Rmw::No,
        }
    }
}

/// One executed step of one thread.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Event {
    /// Who ran.
    pub tid: Tid,
    /// What it did, as it turned out (a failed compare-exchange is a read).
    pub op: Op,
    /// The write that woke this thread from a spin wait, if this is its first step after.
    pub woken_by: Option<usize>,
    /// The step that ended this thread's wait on a primitive, if this is its first step after
    /// (leaving a thread that waits is no preemption).
    pub enabled_by: Option<usize>,
    /// How many recorded steps (timeline rows) preceded this event.
    pub first_step: usize,
    /// A spinning thread's read, taken because nothing else could run (not shown in timelines:
    /// it repeats the read before it).
    pub released: bool,
    /// It took a lock or waiting primitive that others may wait for ([`super::bypass`]).
    pub takes: bool,
    /// The step of its twin it waited for ([`super::symmetry`]): it happens after that step,
    /// whatever the schedule.
    pub after_twin: Option<usize>,
    /// Whether it read what it wrote over, and how (a compare-exchange that failed too).
    pub rmw: Rmw,
}

#[cfg(test)]
impl Event {
    /// Thread `tid`'s step `op`, as tests build executions: nothing woke or held it, and it
    /// takes what a lock or primitive's acquisition takes.
    pub fn test(tid: Tid, op: Op) -> Event {
        let takes = matches!(
            op,
            Op::Lock(_) | Op::Sync(_, SyncOp::Read | SyncOp::Write | SyncOp::Granted)
        );
        Event {
            tid,
            op,
            woken_by: None,
            enabled_by: None,
            first_step: 0,
            released: false,
            takes,
            after_twin: None,
            rmw: Rmw::No,
        }
    }
}

/// Whether events `a` and `b` (of two threads) touch the same thing and one changes it, or `b`
/// must follow `a` because `a` starts or ends `b`'s thread.
pub(crate) fn ordered(a: &Event, b: &Event) -> bool {
    a.tid == b.tid
        || a.op.dependent(b.op)
        || a.op == Op::Spawn(child(b.tid))
        || b.op == Op::Join(child(a.tid))
}

#[cfg(test)]
mod tests {
    use super::Op::*;

    #[test]
    fn reads_commute_and_writes_do_not() {
        assert!(!Read(1).dependent(Read(1)));
        assert!(Read(1).dependent(Write(1)));
        assert!(Write(1).dependent(Write(1)));
        assert!(!Write(1).dependent(Write(2)));
    }

    #[test]
    fn increments_nobody_reads_back_commute_with_each_other_only() {
        assert!(!Add(1).dependent(Add(1)));
        assert!(Add(1).dependent(Read(1)) && Read(1).dependent(Add(1)));
        assert!(Add(1).dependent(Write(1)) && Write(1).dependent(Add(1)));
        assert!(!Add(1).dependent(Write(2)));
        assert!(Add(1).writes(1) && Add(1).dependent(Global));
        let spin = Spun(super::Spun::new(2, false, [1]));
        assert!(
            spin.dependent(Add(1)),
            "a spin loop that reads the cell waits for it"
        );
    }

    #[test]
    fn locks_order_one_lock_and_await_points_order_everything() {
        assert!(Lock(3).dependent(Lock(3)));
        assert!(Unlock(3).dependent(Lock(3)));
        assert!(!Lock(3).dependent(Lock(4)));
        assert!(Global.dependent(Read(9)));
        assert!(!Global.dependent(Start));
        assert!(!Spawn(1).dependent(Write(1)));
    }

    #[test]
    fn a_step_fits_in_one_register_and_a_spin_names_its_cells() {
        assert_eq!(std::mem::size_of::<super::Op>(), 8);
        let spun = super::Spun::new(7, false, [3, 7, 9, 11]);
        assert_eq!(spun.cells().collect::<Vec<_>>(), [7, 3, 9]);
        assert_eq!(spun.cell(), 7);
        assert!(spun.watches(9) && !spun.watches(4) && !spun.write());
        let cas = super::Spun::new(super::Spun::MAX_CELL - 1, true, [2]);
        assert_eq!(
            cas.cells().collect::<Vec<_>>(),
            [super::Spun::MAX_CELL - 1, 2]
        );
        assert!(cas.write() && !cas.failed().write());
        assert_eq!(cas.failed().cell(), cas.cell());
    }
}
