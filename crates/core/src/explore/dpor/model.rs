//! What the SC checker tracks of the execution under way: who holds which lock, which threads
//! have finished, and which wait in a spin loop (GenMC's spin-assume rule).

use super::board::Announced;
use super::event::{Obj, Op, Tid};
use std::collections::HashMap;
use std::panic::Location;

/// Why a thread cannot move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// For a lock that another thread holds.
    Lock { lock: Obj, holder: Tid },
    /// For another thread to write a cell it keeps reading.
    Change { cell: Obj, value: i64 },
}

/// One thread's state.
#[derive(Debug, Default, Clone)]
struct Thread {
    started: bool,
    held: usize,
    /// Each cell's last read since this thread last wrote: the value and where it was read.
    reads: HashMap<Obj, (i64, usize)>,
    /// Read the same value at the same place twice: waits for a write to this cell.
    spinning: Option<(Obj, i64)>,
    /// The write that ended its spin, for its next step.
    woken_by: Option<usize>,
}

/// The execution's synchronization state.
#[derive(Debug, Default)]
pub(crate) struct Model {
    threads: Vec<Thread>,
    holder: HashMap<Obj, Tid>,
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
        let me = self.threads.get(tid);
        if let Some((cell, value)) = me.and_then(|t| t.spinning) {
            if me.is_some_and(|t| t.held == 0) {
                return Some(Wait::Change { cell, value });
            }
        }
        match op {
            // A thread that takes a lock it holds waits for itself, forever.
            Op::Lock(lock) => self
                .holder
                .get(&lock)
                .map(|&holder| Wait::Lock { lock, holder }),
            _ => None,
        }
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
        self.thread(tid).started = true;
        match op {
            Op::Lock(l) => {
                self.holder.insert(l, tid);
                self.thread(tid).held += 1;
            }
            Op::Unlock(l) => {
                self.holder.remove(&l);
                let me = self.thread(tid);
                me.held = me.held.saturating_sub(1);
            }
            Op::Read(cell) => {
                let Some(value) = read else { return };
                let here = place(at);
                let me = self.thread(tid);
                if me.reads.get(&cell) == Some(&(value, here)) {
                    me.spinning = Some((cell, value));
                } else {
                    me.reads.insert(cell, (value, here));
                }
            }
            Op::Write(cell) => {
                let me = self.thread(tid);
                me.reads.clear();
                me.spinning = None;
                for (u, other) in self.threads.iter_mut().enumerate() {
                    if u != tid && other.spinning.is_some_and(|(c, _)| c == cell) {
                        other.spinning = None;
                        other.woken_by = Some(index);
                    }
                }
            }
            Op::Await | Op::Global => {
                let me = self.thread(tid);
                me.reads.clear();
                me.spinning = None;
            }
            Op::Start | Op::Yield | Op::Spawn(_) | Op::Join(_) => {}
        }
    }
}
