//! What the SC checker tracks of the execution under way: who holds which lock, which threads
//! have finished, and which wait in a spin loop (GenMC's spin-assume rule).
//!
//! A thread spins when it reads a cell at the same source line twice in a row, sees the same
//! value, and did nothing else visible in between (a yield aside): it is taken to wait for
//! another thread to write that cell, and does not run until one does. Nothing else being able
//! to run, it is released to read once more: a loop that was only counting (its iterations
//! differ in local state racelab cannot see) goes on and ends; one that reads the same value
//! [`SPIN_LIMIT`] times with nothing else to run waits forever, and the execution is a hang.

use super::board::{self, Announced};
use super::event::{Obj, Op, SyncOp, Tid};
use super::sync::{Blocked, Ready};
use std::panic::Location;

/// How many times a spinning thread is released, with no other thread able to run and no write
/// to its cell, before it is taken to wait forever.
pub(crate) const SPIN_LIMIT: u32 = 100;

/// Why a thread cannot move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// For a lock that another thread holds (or that it holds itself).
    Lock { lock: Obj, holder: Tid },
    /// For another thread to write a cell it keeps reading.
    Change { cell: Obj, value: i64 },
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
    /// Its last visible step, if it was a read: the cell, the value, where.
    last_read: Option<(Obj, i64, usize)>,
    /// Read the same value at the same place twice in a row: waits for a write to this cell.
    spinning: Option<(Obj, i64)>,
    /// Releases since a write to the cell it spins on, or since it did something else.
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

impl Model {
    fn thread(&mut self, tid: Tid) -> &mut Thread {
        if self.threads.len() <= tid {
            self.threads.resize(tid + 1, Thread::default());
        }
        &mut self.threads[tid]
    }

    /// Who holds `lock`, if anyone.
    pub fn holder(&self, lock: Obj) -> Option<Tid> {
        self.holder.get(lock).copied().flatten()
    }

    pub fn started(&self, tid: Tid) -> bool {
        self.threads.get(tid).is_some_and(|t| t.started)
    }

    /// The step `tid` takes next, given what it announced.
    pub fn next_op(&self, tid: Tid, announced: Option<Announced>) -> Op {
        match announced {
            Some(a) => a.op,
            None if self.started(tid) => Op::Global,
            None => Op::Start,
        }
    }

    /// Why `tid`, about to do `op`, cannot, if it cannot.
    pub fn wait(&self, tid: Tid, op: Op) -> Option<Wait> {
        if let Some((cell, value)) = self.threads.get(tid).and_then(|t| t.spinning) {
            return Some(Wait::Change { cell, value });
        }
        match op {
            // A thread that takes a lock it holds waits for itself, forever.
            Op::Lock(lock) => self
                .holder
                .get(lock)
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

    /// Whether `op` can run only as a spurious wakeup.
    pub fn only_spuriously(&self, tid: Tid, op: Op) -> bool {
        matches!(op, Op::Sync(_, SyncOp::WakeOrSpurious))
            && board::sync_ready(tid, op) == Ready::Spuriously
    }

    /// Notes whether `tid` waits on a primitive now, `last` being the step just taken: a wait
    /// that ends remembers that step.
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
        me.spinning = None;
        true
    }

    /// Takes the write that woke `tid`, for the step it is about to take.
    pub fn take_woken_by(&mut self, tid: Tid) -> Option<usize> {
        self.thread(tid).woken_by.take()
    }

    /// `tid` took step `index`, doing `op` at `at`; a read saw `read`.
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
        match op {
            Op::Start | Op::Yield | Op::Spawn(_) | Op::Join(_) => return,
            Op::Read(cell) => {
                let Some(value) = read else { return };
                let seen = (cell, value, place(at));
                if me.last_read == Some(seen) {
                    me.spinning = Some((cell, value));
                } else {
                    me.last_read = Some(seen);
                    me.releases = 0;
                }
                return;
            }
            _ => {}
        }
        me.last_read = None;
        me.spinning = None;
        me.releases = 0;
        match op {
            Op::Lock(l) | Op::Sync(l, SyncOp::TryLocked) => {
                if self.holder.len() <= l {
                    self.holder.resize(l + 1, None);
                }
                self.holder[l] = Some(tid);
            }
            Op::Unlock(l) => {
                if let Some(h) = self.holder.get_mut(l) {
                    *h = None;
                }
            }
            Op::Write(cell) => {
                // A spinning reader wakes; what it read stays its last read, so reading the same
                // value there again (another thread took the flag first) is spinning again.
                for (u, other) in self.threads.iter_mut().enumerate() {
                    if u != tid && other.spinning.is_some_and(|(c, _)| c == cell) {
                        other.spinning = None;
                        other.woken_by = Some(index);
                        other.releases = 0;
                    }
                }
            }
            _ => {}
        }
    }
}
