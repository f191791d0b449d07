//! What the SC checker tracks of the execution under way: who holds which lock, which threads
//! have finished, and which wait in a spin loop (GenMC's spin-assume rule).
//!
//! A thread spins when its latest reads repeat the turn before them exactly (the same cells, at the
//! same source lines, with the same values), each cell read at one value within the turn, and it
//! did nothing else visible in between (a yield aside): `while flag.load(cx) == 1 {}` after two
//! reads, Peterson's `while other.load(cx) == 1 && turn.load(cx) == them {}` after two turns of
//! both reads. Its next turn would change nothing, so it waits until another thread writes one of
//! those cells after its last read of it (GenMC's rule for loops without side effects, seen from
//! the reads, since racelab cannot see the loop). Its next step is then a [`Spun`] step, dependent
//! with a write to any of those cells: any of them can be the one that let it go on. Nothing else
//! being able to run, it is released to read once more: a loop that was only counting (its turns
//! differ in local state racelab cannot see) goes on and ends; one that reads the same values
//! [`SPIN_LIMIT`] times with nothing else to run waits forever, and the execution is a hang. Reads
//! through a helper without `#[track_caller]` share its line: two such reads of one value in
//! straight-line code look like a loop, which is why a lab reads its cells where it uses them.

use super::board;
use super::event::{Obj, Op, Spun, SyncOp, Tid, SPUN_CELLS};
use super::sync::{Blocked, Ready};
use std::panic::Location;

/// How many times a spinning thread is released, with no other thread able to run and no write
/// to its cell, before it is taken to wait forever.
pub(crate) const SPIN_LIMIT: u32 = 100;

/// How many of a thread's latest reads the rule compares: a loop's turn may read half as many.
const RECENT: usize = 16;

/// The cells a spinning thread reads in each turn of its loop, in the order they were made,
/// with the values it keeps seeing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Watched {
    reads: [(Obj, i64); SPUN_CELLS],
    len: usize,
}

impl Watched {
    /// The distinct cells of one turn, if there are few enough (and a spin loop's step can
    /// name them: [`Spun::MAX_CELL`]).
    fn of(turn: &[Seen]) -> Option<Watched> {
        let mut watched = Watched {
            reads: [(0, 0); SPUN_CELLS],
            len: 0,
        };
        for &Seen { cell, value, .. } in turn {
            if let Some(&(_, seen)) = watched.reads().iter().find(|r| r.0 == cell) {
                if seen != value {
                    // Another thread wrote the cell within the turn: the next turn reads what
                    // the cell holds now, which its first read did not see.
                    return None;
                }
                continue;
            }
            if watched.len == SPUN_CELLS || cell >= Spun::MAX_CELL {
                return None;
            }
            watched.reads[watched.len] = (cell, value);
            watched.len += 1;
        }
        // In the order the cells were made, whichever read of the turn came first.
        watched.reads[..watched.len].sort_unstable();
        Some(watched)
    }

    /// Each cell and the value it keeps seeing.
    pub fn reads(&self) -> &[(Obj, i64)] {
        &self.reads[..self.len]
    }

    fn contains(&self, cell: Obj) -> bool {
        self.reads().iter().any(|r| r.0 == cell)
    }

    fn cells(&self) -> impl Iterator<Item = Obj> + '_ {
        self.reads().iter().map(|r| r.0)
    }
}

/// One of a thread's latest reads.
#[derive(Debug, Clone, Copy)]
struct Seen {
    cell: Obj,
    value: i64,
    /// Where it read (the call site's address).
    place: usize,
    /// Another thread wrote the cell since.
    written: bool,
}

impl Seen {
    fn key(&self) -> (Obj, i64, usize) {
        (self.cell, self.value, self.place)
    }
}

/// The turn that the latest reads repeat: the shortest run at the end of `reads` that the same
/// run (the same cells, values and places) comes just before.
fn repeated(reads: &[Seen]) -> Option<&[Seen]> {
    let n = reads.len();
    let same = |a: &[Seen], b: &[Seen]| a.iter().zip(b).all(|(x, y)| x.key() == y.key());
    (1..=n / 2)
        .find(|&k| same(&reads[n - k..], &reads[n - 2 * k..n - k]))
        .map(|k| &reads[n - k..])
}

/// Whether `op` (as [`Model::next_op`] names it) can run only as a spurious wakeup.
pub(crate) fn only_spuriously(op: Op) -> bool {
    matches!(op, Op::Sync(_, SyncOp::Spurious))
}

/// Why a thread cannot move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// For a lock that another thread holds (or that it holds itself).
    Lock { lock: Obj, holder: Tid },
    /// For another thread to write one of the cells it keeps reading.
    Change(Watched),
    /// For another thread to act on a waiting primitive.
    Sync { obj: Obj, why: Blocked },
}

impl Wait {
    /// Whether it is a wait that only another thread's action on a lock or primitive ends (a
    /// deadlock when nothing can), not a spin.
    pub fn is_blocking(self) -> bool {
        !matches!(self, Wait::Change { .. })
    }
}

/// One thread's state.
#[derive(Debug, Default, Clone)]
struct Thread {
    started: bool,
    /// Its latest reads since its last other visible step.
    reads: Vec<Seen>,
    /// The turn of a loop its latest reads repeat: it waits for another thread to write one of
    /// these cells after its last read of it.
    turn: Option<Watched>,
    /// Let go to read once more without such a write, nothing else being able to run.
    released: bool,
    /// Releases since its reads last did not repeat a turn.
    releases: u32,
    /// The write that ended its spin, for its next step.
    woken_by: Option<usize>,
    /// It waited on a primitive when the scheduler last looked.
    blocked: bool,
    /// The step after which its wait on a primitive ended, for its next step.
    enabled_by: Option<usize>,
}

/// The execution's synchronization state.
#[derive(Debug, Default)]
pub(crate) struct Model {
    threads: Vec<Thread>,
    /// Who holds each lock, by object number.
    holder: Vec<Option<Tid>>,
}

fn place(at: Option<&'static Location<'static>>) -> usize {
    at.map_or(0, |l| std::ptr::from_ref(l) as usize)
}

impl Thread {
    /// Another thread wrote a cell of its turn after its last read of that cell.
    fn woken(&self) -> bool {
        let turn = self.turn.iter().flat_map(Watched::cells);
        let latest = |c: Obj| self.reads.iter().rev().find(|r| r.cell == c);
        turn.filter_map(latest).any(|r| r.written)
    }

    /// The turn of a loop its next step `op` would go round again, if it reads (or may write,
    /// a compare-exchange) a cell of that turn.
    fn turn_for(&self, op: Op) -> Option<&Watched> {
        match op {
            Op::Read(cell) | Op::Write(cell) | Op::Add(cell) => {
                self.turn.as_ref().filter(|w| w.contains(cell))
            }
            _ => None,
        }
    }

    /// The turn it waits on, its next step being `op`, if it waits for a write.
    fn spinning(&self, op: Op) -> Option<&Watched> {
        self.turn_for(op)
            .filter(|_| !self.released && !self.woken())
    }
}

impl Model {
    /// Back to the start of an execution, keeping its room.
    pub fn reset(&mut self) {
        for thread in &mut self.threads {
            let mut reads = std::mem::take(&mut thread.reads);
            reads.clear();
            *thread = Thread {
                reads,
                ..Thread::default()
            };
        }
        self.holder.clear();
    }

    fn thread(&mut self, tid: Tid) -> &mut Thread {
        if self.threads.len() <= tid {
            self.threads.resize(tid + 1, Thread::default());
        }
        &mut self.threads[tid]
    }

    /// Who holds `lock`, if anyone.
    pub fn holder(&self, lock: Obj) -> Option<Tid> {
        self.holder.get(lock as usize).copied().flatten()
    }

    pub fn started(&self, tid: Tid) -> bool {
        self.threads.get(tid).is_some_and(|t| t.started)
    }

    /// The step `tid` takes next, given what it announced.
    #[inline(always)]
    pub fn next_op(&self, tid: Tid, announced: Option<Op>) -> Op {
        let op = match announced {
            Some(op) => op,
            None if self.started(tid) => Op::Global,
            None => Op::Start,
        };
        let turn = self.threads.get(tid).and_then(|t| t.turn_for(op));
        match (op, turn) {
            (Op::Read(cell) | Op::Write(cell) | Op::Add(cell), Some(turn)) => {
                Op::Spun(Spun::new(cell, op.writes(cell), turn.cells()))
            }
            // A wait that no notify ends now would end spuriously.
            (Op::Sync(cv, SyncOp::Wake), _) if board::sync_ready(tid, op) == Ready::Spuriously => {
                Op::Sync(cv, SyncOp::Spurious)
            }
            _ => op,
        }
    }

    /// Why `tid`, about to do `op`, cannot, if it cannot.
    #[inline(always)]
    pub fn wait(&self, tid: Tid, op: Op) -> Option<Wait> {
        if let Some(watched) = self.threads.get(tid).and_then(|t| t.spinning(op.plain())) {
            return Some(Wait::Change(*watched));
        }
        match op {
            // A thread that takes a lock it holds waits for itself, forever.
            Op::Lock(lock) => self
                .holder
                .get(lock as usize)
                .copied()
                .flatten()
                .map(|holder| Wait::Lock { lock, holder }),
            Op::Sync(obj, sync) if sync.may_wait() => match board::sync_ready(tid, op) {
                Ready::No(why) => Some(Wait::Sync { obj, why }),
                _ => None,
            },
            _ => None,
        }
    }

    /// Notes whether `tid` waits on a primitive now, `last` being the step just taken: a wait
    /// that ends remembers that step.
    #[inline]
    pub fn note_blocked(&mut self, tid: Tid, blocked: bool, last: Option<usize>) {
        let me = self.thread(tid);
        if me.blocked && !blocked {
            me.enabled_by = last;
        }
        me.blocked = blocked;
    }

    /// Takes the step after which `tid`'s wait on a primitive ended, for the step it takes.
    pub fn take_enabled_by(&mut self, tid: Tid) -> Option<usize> {
        self.thread(tid).enabled_by.take()
    }

    /// Lets spinning `tid` read once more, nothing else being able to run; `false` once it has
    /// been released [`SPIN_LIMIT`] times in a row.
    pub fn release(&mut self, tid: Tid) -> bool {
        let me = self.thread(tid);
        if me.releases >= SPIN_LIMIT {
            return false;
        }
        me.releases += 1;
        me.released = true;
        true
    }

    /// Takes the write that woke `tid`, for the step it is about to take.
    pub fn take_woken_by(&mut self, tid: Tid) -> Option<usize> {
        self.thread(tid).woken_by.take()
    }

    /// `tid` took step `index`, doing `op` at `at`; a read saw `read`.
    #[inline]
    pub fn ran(
        &mut self,
        index: usize,
        tid: Tid,
        op: Op,
        at: Option<&'static Location<'static>>,
        read: Option<i64>,
    ) {
        let me = self.thread(tid);
        me.started = true;
        match op.plain() {
            Op::Start | Op::Yield | Op::Spawn(_) | Op::Join(_) => return,
            Op::Read(cell) => {
                let Some(value) = read else { return };
                if me.reads.len() == RECENT {
                    me.reads.remove(0);
                }
                me.reads.push(Seen {
                    cell,
                    value,
                    place: place(at),
                    written: false,
                });
                me.released = false;
                me.turn = repeated(&me.reads).and_then(Watched::of);
                if me.turn.is_none() {
                    me.releases = 0;
                }
                return;
            }
            _ => {}
        }
        me.reads.clear();
        me.turn = None;
        me.released = false;
        me.releases = 0;
        match op.plain() {
            Op::Lock(l) | Op::Sync(l, SyncOp::TryLocked) => {
                let l = l as usize;
                if self.holder.len() <= l {
                    self.holder.resize(l + 1, None);
                }
                self.holder[l] = Some(tid);
            }
            Op::Unlock(l) => {
                if let Some(h) = self.holder.get_mut(l as usize) {
                    *h = None;
                }
            }
            Op::Write(cell) | Op::Add(cell) => {
                // A spinning reader whose loop reads the cell may go on (what it read stays
                // among its latest reads: reading the same values again is spinning again).
                for (u, other) in self.threads.iter_mut().enumerate() {
                    if u == tid || other.reads.is_empty() {
                        continue;
                    }
                    if other.turn.is_none() {
                        // Not in a loop: nothing to wake, only what it read is now written.
                        for seen in other.reads.iter_mut().filter(|r| r.cell == cell) {
                            seen.written = true;
                        }
                        continue;
                    }
                    let next = board::peek_pending(u).map_or(Op::Global, |a| a.op);
                    let waited = other.spinning(next).is_some();
                    for seen in other.reads.iter_mut().filter(|r| r.cell == cell) {
                        seen.written = true;
                    }
                    if waited && other.spinning(next).is_none() {
                        other.woken_by = Some(index);
                        other.releases = 0;
                    }
                }
            }
            _ => {}
        }
    }
}
