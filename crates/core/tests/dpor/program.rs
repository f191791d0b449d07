//! A lab whose threads run a small generated program: loads, stores of values computed from
//! what the thread read, fetch_adds, compare-exchanges, and lock sections over a few cells; and
//! the waiting primitives: `try_lock`, a condition variable's waits and notifies, a weak and a
//! FIFO semaphore, a barrier, a read-write lock, and a bounded and a rendezvous channel.

use racelab_core::{
    Barrier, Cell, Channel, Condvar, Ctx, Declared, Lab, LabInfo, Lock, LockGuard, Params, Runtime,
    RwLock, RwLockReadGuard, RwLockWriteGuard, Semaphore, State,
};
use racelab_core::{VariantInfo, VariantKind};
use std::sync::Arc;

/// One instruction. Values read go into the thread's accumulator; stores write a constant plus
/// the accumulator, so what a thread writes depends on what it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Instr {
    Load(usize),
    Store(usize, i64),
    FetchAdd(usize, i64),
    /// `add`: a `fetch_add` that reads nothing back (it commutes with another).
    Add(usize, i64),
    /// Compare-exchange: expect the first constant, write the second plus the accumulator.
    Cas(usize, i64, i64),
    Lock(usize),
    Unlock(usize),
    /// Takes the lock if free (the next `Unlock` of it releases it only if it did).
    TryLock(usize),
    /// Waits on condition variable `.0` with lock `.1`, which the thread holds.
    Wait(usize, usize),
    NotifyOne(usize),
    NotifyAll(usize),
    /// Semaphore 0 is weak, 1 is FIFO; each starts with one permit.
    Acquire(usize),
    TryAcquire(usize),
    Release(usize),
    /// The barrier for two threads.
    BarrierWait,
    ReadLock,
    ReadUnlock,
    WriteLock,
    WriteUnlock,
    /// Channel 0 holds one value; channel 1 is a rendezvous. Sends the constant plus the
    /// accumulator.
    Send(usize, i64),
    Recv(usize),
    /// A spin loop over two cells: `while a == va && b == vb {}` (`.0 == va`, `.2 == vb`), as
    /// Peterson's lock waits. Its reads leave the accumulator alone, as a spin's do.
    SpinWhile(usize, i64, usize, i64),
}

/// A program: what each thread runs.
pub type Program = Vec<Vec<Instr>>;

pub const CELLS: usize = 3;
pub const LOCKS: usize = 2;
pub const SEMAPHORES: usize = 2;
pub const CHANNELS: usize = 2;
/// The barrier lets this many threads through at a time.
pub const BARRIER: usize = 2;
/// Each semaphore's permits at the start.
pub const PERMITS: i64 = 1;
/// Each channel's capacity.
pub const CAPACITY: [usize; CHANNELS] = [1, 0];

/// Mixes a value read into an accumulator.
pub fn mix(acc: i64, value: i64) -> i64 {
    acc.wrapping_mul(7).wrapping_add(value)
}

static INFO: LabInfo = LabInfo {
    id: "program",
    crate_name: "racelab-core",
    title: "a generated program",
    iteration: "runs",
    variants: &[VariantInfo {
        name: "program",
        kind: VariantKind::Racy,
        summary: "the program",
        function: "",
    }],
    ..LabInfo::DEFAULT
};

/// The lab that runs a program (its one variant is `program`).
#[derive(Debug, Clone)]
pub struct ProgramLab {
    pub program: Arc<Program>,
    info: &'static LabInfo,
    /// Every thread runs the first thread's code, never asks for its number, and the results
    /// are reported sorted ([`Lab::symmetric`]).
    symmetric: bool,
    /// Each thread runs its own code, asking for its number to find it.
    numbered: bool,
}

/// Whether a program uses a waiting primitive.
pub fn uses_primitives(program: &Program) -> bool {
    program.iter().flatten().any(|i| {
        !matches!(
            i,
            Instr::Load(_)
                | Instr::Store(..)
                | Instr::FetchAdd(..)
                | Instr::Add(..)
                | Instr::Cas(..)
                | Instr::Lock(_)
                | Instr::Unlock(_)
                | Instr::SpinWhile(..)
        )
    })
}

/// Whether a program uses a condition variable (shuttle has no spurious wakeups).
pub fn waits(program: &Program) -> bool {
    program
        .iter()
        .flatten()
        .any(|i| matches!(i, Instr::Wait(..)))
}

impl ProgramLab {
    pub fn new(program: Program) -> Self {
        let info = &INFO;
        ProgramLab {
            program: Arc::new(program),
            info,
            symmetric: false,
            numbered: true,
        }
    }

    /// `copies` threads that each run `code`: symmetric threads.
    pub fn symmetric(code: Vec<Instr>, copies: usize) -> Self {
        ProgramLab {
            symmetric: true,
            numbered: false,
            ..ProgramLab::new(vec![code; copies])
        }
    }

    /// A lab that says its threads are symmetric, but whose threads each run their own code of
    /// `program`, as their numbers say.
    pub fn claiming_symmetry(program: Program) -> Self {
        ProgramLab {
            symmetric: true,
            ..ProgramLab::new(program)
        }
    }

    pub fn params(&self) -> Params {
        Params {
            threads: self.program.len(),
            iters: 1,
            extra: Default::default(),
        }
    }
}

/// The cells and locks.
#[derive(Debug)]
pub struct Shared<R: Runtime> {
    cells: Vec<Cell<R>>,
    locks: Vec<Lock<R>>,
    condvars: Vec<Condvar<R>>,
    semaphores: Vec<Semaphore<R>>,
    barrier: Barrier<R>,
    rwlock: RwLock<R>,
    channels: Vec<Channel<R>>,
}

const CELL_NAMES: [&str; CELLS] = ["x", "y", "z"];
pub const LOCK_NAMES: [&str; LOCKS] = ["l0", "l1"];

/// Reads `cell` from a call site of its own for each instruction `pc`, so that no two reads of
/// a thread share a source line (racelab's SC checker treats a re-read at the same line that
/// sees the same value as a spin loop waiting for a change).
fn load<R: Runtime>(cell: &Cell<R>, cx: &Ctx, pc: usize) -> i64 {
    match pc {
        0 => cell.load(cx),
        1 => cell.load(cx),
        2 => cell.load(cx),
        3 => cell.load(cx),
        4 => cell.load(cx),
        5 => cell.load(cx),
        6 => cell.load(cx),
        7 => cell.load(cx),
        _ => cell.load(cx),
    }
}

/// `while a == va && b == vb {}`, from call sites of its own for each instruction (see
/// [`load`]).
fn spin_while<R: Runtime>(cells: &[Cell<R>], cx: &Ctx, pc: usize, spin: Instr) {
    let Instr::SpinWhile(a, va, b, vb) = spin else {
        return;
    };
    let (a, b) = (&cells[a], &cells[b]);
    match pc {
        0 => while a.load(cx) == va && b.load(cx) == vb {},
        1 => while a.load(cx) == va && b.load(cx) == vb {},
        2 => while a.load(cx) == va && b.load(cx) == vb {},
        3 => while a.load(cx) == va && b.load(cx) == vb {},
        4 => while a.load(cx) == va && b.load(cx) == vb {},
        5 => while a.load(cx) == va && b.load(cx) == vb {},
        6 => while a.load(cx) == va && b.load(cx) == vb {},
        7 => while a.load(cx) == va && b.load(cx) == vb {},
        _ => while a.load(cx) == va && b.load(cx) == vb {},
    }
}

/// A compare-exchange from a call site of its own for each instruction (see [`load`]).
fn cas<R: Runtime>(cell: &Cell<R>, cx: &Ctx, pc: usize, expect: i64, new: i64) -> i64 {
    let result = match pc {
        0 => cell.compare_exchange(cx, expect, new),
        1 => cell.compare_exchange(cx, expect, new),
        2 => cell.compare_exchange(cx, expect, new),
        3 => cell.compare_exchange(cx, expect, new),
        4 => cell.compare_exchange(cx, expect, new),
        5 => cell.compare_exchange(cx, expect, new),
        6 => cell.compare_exchange(cx, expect, new),
        7 => cell.compare_exchange(cx, expect, new),
        _ => cell.compare_exchange(cx, expect, new),
    };
    result.unwrap_or_else(|seen| seen)
}

impl Declared for ProgramLab {
    type Shared<R: Runtime> = Shared<R>;

    fn info(&self) -> &'static LabInfo {
        self.info
    }

    fn thread<R: Runtime>(&self, _variant: usize, shared: &Shared<R>, cx: &Ctx) -> i64 {
        let mut acc = 0i64;
        let mut guards: Vec<Option<LockGuard<'_, R>>> = (0..LOCKS).map(|_| None).collect();
        let mut read: Option<RwLockReadGuard<'_, R>> = None;
        let mut write: Option<RwLockWriteGuard<'_, R>> = None;
        let code = match self.numbered {
            true => &self.program[cx.thread() - 1],
            false => &self.program[0],
        };
        for (pc, &instr) in code.iter().enumerate() {
            match instr {
                Instr::Load(c) => {
                    let v = load(&shared.cells[c], cx, pc);
                    acc = mix(acc, v);
                }
                Instr::Store(c, k) => shared.cells[c].store(cx, k.wrapping_add(acc)),
                Instr::FetchAdd(c, k) => {
                    let v = shared.cells[c].fetch_add(cx, k);
                    acc = mix(acc, v);
                }
                Instr::Add(c, k) => shared.cells[c].add(cx, k),
                Instr::Cas(c, expect, new) => {
                    let seen = cas(&shared.cells[c], cx, pc, expect, new.wrapping_add(acc));
                    acc = mix(acc, seen);
                }
                Instr::Lock(l) => {
                    guards[l] = Some(
                        shared.locks[l]
                            .lock_or_deadlock(cx)
                            .expect("no give-up under dpor"),
                    )
                }
                Instr::Unlock(l) => guards[l] = None,
                Instr::TryLock(l) => {
                    guards[l] = shared.locks[l].try_lock(cx);
                    acc = mix(acc, guards[l].is_some() as i64);
                }
                Instr::Wait(c, l) => {
                    let guard = guards[l].take().expect("waits holding the lock");
                    guards[l] = Some(shared.condvars[c].wait(cx, guard));
                }
                Instr::NotifyOne(c) => shared.condvars[c].notify_one(cx),
                Instr::NotifyAll(c) => shared.condvars[c].notify_all(cx),
                Instr::Acquire(s) => shared.semaphores[s].acquire(cx),
                Instr::TryAcquire(s) => {
                    let took = shared.semaphores[s].try_acquire(cx);
                    acc = mix(acc, took as i64);
                }
                Instr::Release(s) => shared.semaphores[s].release(cx),
                Instr::BarrierWait => {
                    let leader = shared.barrier.wait(cx);
                    acc = mix(acc, leader as i64);
                }
                Instr::ReadLock => read = Some(shared.rwlock.read(cx)),
                Instr::ReadUnlock => read = None,
                Instr::WriteLock => write = Some(shared.rwlock.write(cx)),
                Instr::WriteUnlock => write = None,
                Instr::Send(ch, k) => shared.channels[ch].send(cx, k.wrapping_add(acc)),
                Instr::Recv(ch) => {
                    let v = shared.channels[ch].recv(cx);
                    acc = mix(acc, v);
                }
                Instr::SpinWhile(..) => spin_while(&shared.cells, cx, pc, instr),
            }
        }
        drop((read, write));
        acc
    }
}

impl Lab for ProgramLab {
    fn setup<R: Runtime>(&self, _params: &Params) -> Shared<R> {
        Shared {
            cells: CELL_NAMES.iter().map(|n| Cell::new(n, 0)).collect(),
            locks: LOCK_NAMES.iter().map(|n| Lock::new(n)).collect(),
            condvars: vec![Condvar::new("cv")],
            semaphores: vec![
                Semaphore::new("weak", PERMITS),
                Semaphore::fifo("fifo", PERMITS),
            ],
            barrier: Barrier::new("barrier", BARRIER),
            rwlock: RwLock::new("rw"),
            channels: vec![
                Channel::bounded("c0", CAPACITY[0]),
                Channel::bounded("c1", CAPACITY[1]),
            ],
        }
    }

    fn observe<R: Runtime>(&self, shared: &Shared<R>, results: &[i64]) -> State {
        let mut state: State = (0..CELLS)
            .map(|c| (CELL_NAMES[c].to_string(), shared.cells[c].peek()))
            .collect();
        let mut results = results.to_vec();
        if self.symmetric {
            results.sort_unstable();
        }
        for (t, r) in results.iter().enumerate() {
            state.insert(format!("r{}", t + 1), *r);
        }
        state
    }

    fn symmetric(&self, _variant: usize) -> bool {
        self.symmetric
    }

    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        let mut state = cells.clone();
        state.insert("stuck".into(), stuck as i64);
        Some(state)
    }

    fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
        if state.contains_key("stuck") {
            vec!["deadlock".into()]
        } else {
            Vec::new()
        }
    }
}
