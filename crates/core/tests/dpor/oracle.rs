//! A brute-force oracle, independent of racelab's checkers: runs a program under every
//! interleaving, and groups the interleavings into Mazurkiewicz classes by the order of their
//! dependent steps.
//!
//! Its waiting primitives are written from their definitions, not from the SC checker's model:
//! a `notify_one` chooses its waiter when it runs (the checker lets the waiters race for a
//! token instead), and a wait may end without a notify while the execution's bound on spurious
//! wakeups lasts. Where only spurious wakeups could move, the threads may wait forever: that
//! prefix is an execution of its own (a deadlock), and the spurious wakeups go on from there.
//! A spurious wakeup is ordered with its condition variable's steps and with the other spurious
//! wakeups (they share the bound).

use super::program::{mix, Instr, Program, BARRIER, CAPACITY, CELLS, LOCKS, LOCK_NAMES, PERMITS};
use racelab_core::State;
use rustc_hash::{FxHashSet, FxHasher};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::hash::{Hash, Hasher};

/// What every interleaving of a program reaches.
#[derive(Debug, Default)]
pub struct Enumeration {
    /// The final states (as the program lab reports them).
    pub states: BTreeSet<State>,
    /// The classes: one key per class of equivalent interleavings.
    pub classes: FxHashSet<Key>,
    /// The reads-from classes: which write each read (a lock's acquisition and a
    /// read-modify-write too) read from, and which write each cell ended with.
    pub reads_from: FxHashSet<ReadsFrom>,
    /// How many distinct (state, order so far) points it visited.
    pub visited: u64,
    /// Whether some interleaving ends with every unfinished thread waiting.
    pub deadlocks: bool,
    /// Each lock's, semaphore's or read-write lock's worst bypass (when above 0): the most
    /// times other threads took it between a thread's step before it took it and its take.
    pub bypass: BTreeMap<&'static str, u64>,
}

/// The semaphores' names in the program lab.
const SEMAPHORE_NAMES: [&str; 2] = ["weak", "fifo"];

/// A step that takes a lock or primitive: its name, whether its thread may have waited for it
/// (not a `try_` that took, nor a FIFO acquire that did not queue), and whether it is a read
/// lock (only writers bypass a reader).
#[derive(Clone, Copy)]
struct Take {
    name: &'static str,
    waits: bool,
    reads: bool,
}

/// A step: thread, instruction, and which step of that instruction.
type Who = (usize, usize, u8);

/// The order of dependent steps: per object (cells, locks, the read-write lock), the writes in
/// order with the reads between each two as a set; per other primitive (and for the spurious
/// wakeups), its steps in order; and whether it is a deadlock where only spurious wakeups could
/// move.
pub type Key = (Vec<Vec<Segment>>, Vec<Vec<Who>>, bool);

/// One write of an object and the reads that follow it before the next write; or increments
/// nobody reads back, next to each other (write [`ADDS`]), and the reads after them
/// ([`AFTER_ADDS`]). The reads (or increments) are a set, kept as a sorted vector: cheaper to
/// clone and hash at every point of the search than a tree.
pub type Segment = (Option<Who>, Vec<Who>);

/// Adds `who` to the sorted set `set`.
fn insert(set: &mut Vec<Who>, who: Who) {
    if let Err(at) = set.binary_search(&who) {
        set.insert(at, who);
    }
}

/// The write of a segment of increments nobody reads back (they commute: a set).
const ADDS: Who = (usize::MAX, 0, 0);
/// The write of a segment of the reads after such increments.
const AFTER_ADDS: Who = (usize::MAX, 1, 0);

/// A reads-from class: each read's write (`None`: the initial value), and each cell's last.
pub type ReadsFrom = (BTreeSet<(Who, Option<Who>)>, Vec<Option<Who>>);

/// Objects logged as segments: the cells, then the locks, then the read-write lock.
const SEGMENTED: usize = CELLS + LOCKS + 1;
const RWLOCK: usize = CELLS + LOCKS;
/// Objects logged in order: the condition variable, the semaphores, the barrier, the channels.
const CONDVAR: usize = 0;
const SEMAPHORE: usize = 1;
const BARRIER_LOG: usize = 3;
const CHANNEL: usize = 4;
/// The spurious wakeups, which share their bound.
const SPURIOUS: usize = 6;
const ORDERED: usize = 7;

/// The program every interleaving runs: the same at every point, so not hashed with them.
#[derive(Clone, Copy)]
struct Fixed<'p>(&'p Program);

impl Hash for Fixed<'_> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl std::ops::Deref for Fixed<'_> {
    type Target = Program;

    fn deref(&self) -> &Program {
        self.0
    }
}

#[derive(Clone, Hash)]
struct Run<'p> {
    program: Fixed<'p>,
    pc: Vec<usize>,
    /// The step of a many-step instruction each thread is at.
    phase: Vec<u8>,
    acc: Vec<i64>,
    cells: [i64; CELLS],
    holder: [Option<usize>; LOCKS],
    waiting: Vec<usize>,
    /// Waiters chosen by a `notify_one` (eagerly) or woken by a `notify_all`.
    notified: Vec<usize>,
    /// With `tokens`: each `notify_one`'s waiters, any one of whom may take it.
    tokens: Vec<Vec<usize>>,
    by_token: bool,
    spurious_left: u32,
    permits: [i64; 2],
    queue: VecDeque<usize>,
    granted: Vec<usize>,
    arrived: usize,
    round: u64,
    /// The round each thread waits at the barrier for.
    my_round: Vec<u64>,
    readers: usize,
    writer: bool,
    channels: [VecDeque<(usize, i64)>; 2],
    delivered: Vec<usize>,
    segments: Vec<Vec<Segment>>,
    ordered: Vec<Vec<Who>>,
    /// Per thread and object: others' takes, and others' write locks, since its last step.
    since: Vec<BTreeMap<&'static str, (u64, u64)>>,
    /// The worst bypass so far on this path.
    worst: BTreeMap<&'static str, u64>,
}

/// How a thread's next step can run.
#[derive(PartialEq)]
enum Can {
    No,
    Yes,
    /// Only as a spurious wakeup.
    Spuriously,
}

impl Run<'_> {
    fn instr(&self, t: usize) -> Option<Instr> {
        self.program[t].get(self.pc[t]).copied()
    }

    fn can(&self, t: usize) -> Can {
        let yes = |b: bool| if b { Can::Yes } else { Can::No };
        let Some(instr) = self.instr(t) else {
            return Can::No;
        };
        match (instr, self.phase[t]) {
            (Instr::Lock(l), _) | (Instr::Wait(_, l), 3) => yes(self.holder[l].is_none()),
            (Instr::Wait(..), 2) => {
                if self.notified.contains(&t) || self.tokens.iter().any(|k| k.contains(&t)) {
                    Can::Yes
                } else if self.spurious_left > 0 {
                    Can::Spuriously
                } else {
                    Can::No
                }
            }
            (Instr::Acquire(0), _) => yes(self.permits[0] > 0),
            (Instr::Acquire(_), 1) => yes(self.granted.contains(&t)),
            (Instr::BarrierWait, 1) => yes(self.round > self.my_round[t]),
            (Instr::ReadLock, _) => yes(!self.writer),
            (Instr::WriteLock, _) => yes(!self.writer && self.readers == 0),
            (Instr::Send(0, _), _) => yes(self.channels[0].len() < CAPACITY[0]),
            (Instr::Send(_, _), 1) => yes(self.delivered.contains(&t)),
            (Instr::Recv(c), _) => yes(!self.channels[c].is_empty()),
            _ => Can::Yes,
        }
    }

    fn read(&mut self, object: usize, who: Who) {
        let last = self.segments[object].last_mut().expect("a first segment");
        if last.0 == Some(ADDS) {
            self.segments[object].push((Some(AFTER_ADDS), vec![who]));
        } else {
            insert(&mut last.1, who);
        }
    }

    /// An increment nobody reads back: it commutes with the others next to it, which make one
    /// segment with it (the reads after them, another).
    fn add(&mut self, object: usize, who: Who) {
        let last = self.segments[object].last_mut().expect("a first segment");
        if last.0 == Some(ADDS) {
            insert(&mut last.1, who);
        } else {
            self.segments[object].push((Some(ADDS), vec![who]));
        }
    }

    fn write(&mut self, object: usize, who: Who) {
        self.segments[object].push((Some(who), Vec::new()));
    }

    /// Moves thread `t` to its next instruction, skipping releases of a lock it does not hold
    /// (after a `try_lock` that failed: the program lab does nothing there either).
    fn next(&mut self, t: usize) {
        self.pc[t] += 1;
        self.phase[t] = 0;
        self.skip(t);
    }

    /// Skips thread `t`'s releases of a lock it does not hold.
    fn skip(&mut self, t: usize) {
        while let Some(Instr::Unlock(l)) = self.instr(t) {
            if self.holder[l] == Some(t) {
                break;
            }
            self.pc[t] += 1;
        }
    }

    /// What thread `t`'s next step takes, if anything that others may wait for.
    fn takes(&self, t: usize) -> Option<Take> {
        let take = |name, waits| Take {
            name,
            waits,
            reads: false,
        };
        match (self.instr(t)?, self.phase[t]) {
            (Instr::Lock(l), _) | (Instr::Wait(_, l), 3) => Some(take(LOCK_NAMES[l], true)),
            (Instr::TryLock(l), _) if self.holder[l].is_none() => Some(take(LOCK_NAMES[l], false)),
            (Instr::Acquire(1), 0) if self.permits[1] <= 0 || !self.queue.is_empty() => None,
            (Instr::Acquire(s), 0) => Some(take(SEMAPHORE_NAMES[s], s == 0)),
            (Instr::Acquire(s), _) => Some(take(SEMAPHORE_NAMES[s], true)),
            (Instr::TryAcquire(s), _)
                if self.permits[s] > 0 && (s == 0 || self.queue.is_empty()) =>
            {
                Some(take(SEMAPHORE_NAMES[s], false))
            }
            (Instr::ReadLock, _) => Some(Take {
                reads: true,
                ..take("rw", true)
            }),
            (Instr::WriteLock, _) => Some(take("rw", true)),
            _ => None,
        }
    }

    /// Thread `t` steps, taking `take`: its bypass is what others took since its last step.
    fn count_bypass(&mut self, t: usize, take: Option<Take>) {
        let since = std::mem::take(&mut self.since[t]);
        let Some(take) = take else { return };
        let (all, writes) = since.get(take.name).copied().unwrap_or_default();
        let times = if take.reads { writes } else { all };
        if take.waits && times > 0 {
            let worst = self.worst.entry(take.name).or_default();
            *worst = (*worst).max(times);
        }
        let write = take.name == "rw" && !take.reads;
        for (u, since) in self.since.iter_mut().enumerate() {
            if u != t {
                let counts = since.entry(take.name).or_default();
                counts.0 += 1;
                counts.1 += u64::from(write);
            }
        }
    }

    /// Runs thread `t`'s next step: every state it can lead to (a `notify_one` chooses).
    fn step(mut self, t: usize) -> Vec<Self> {
        let take = self.takes(t);
        self.count_bypass(t, take);
        let pc = self.pc[t];
        let who = (t, pc, self.phase[t]);
        let acc = self.acc[t];
        let mut done = true;
        match (self.program[t][pc], self.phase[t]) {
            (Instr::Load(c), _) => {
                self.read(c, who);
                self.acc[t] = mix(acc, self.cells[c]);
            }
            (Instr::Store(c, k), _) => {
                self.write(c, who);
                self.cells[c] = k.wrapping_add(acc);
            }
            (Instr::FetchAdd(c, k), _) => {
                let v = self.cells[c];
                self.write(c, who);
                self.cells[c] = v.wrapping_add(k);
                self.acc[t] = mix(acc, v);
            }
            (Instr::Add(c, k), _) => {
                self.add(c, who);
                self.cells[c] = self.cells[c].wrapping_add(k);
            }
            (Instr::Cas(c, expect, new), _) => {
                let v = self.cells[c];
                if v == expect {
                    self.write(c, who);
                    self.cells[c] = new.wrapping_add(acc);
                } else {
                    self.read(c, who);
                }
                self.acc[t] = mix(acc, v);
            }
            (Instr::Lock(l), _) => {
                self.holder[l] = Some(t);
                self.write(CELLS + l, who);
            }
            (Instr::Unlock(l), _) => {
                self.holder[l] = None;
                self.write(CELLS + l, who);
            }
            (Instr::TryLock(l), _) => {
                let free = self.holder[l].is_none();
                if free {
                    self.holder[l] = Some(t);
                    self.write(CELLS + l, who);
                } else {
                    self.read(CELLS + l, who);
                }
                self.acc[t] = mix(acc, free as i64);
            }
            (Instr::Wait(..), 0) => {
                self.waiting.push(t);
                self.ordered[CONDVAR].push(who);
                done = false;
            }
            (Instr::Wait(_, l), 1) => {
                self.holder[l] = None;
                self.write(CELLS + l, who);
                done = false;
            }
            (Instr::Wait(..), 2) => {
                self.waiting.retain(|&w| w != t);
                if self.notified.contains(&t) {
                    self.notified.retain(|&w| w != t);
                } else if let Some(i) = self.tokens.iter().position(|k| k.contains(&t)) {
                    self.tokens.remove(i);
                } else {
                    self.spurious_left -= 1;
                    self.ordered[SPURIOUS].push(who);
                }
                for token in &mut self.tokens {
                    token.retain(|&w| w != t);
                }
                self.tokens.retain(|k| !k.is_empty());
                self.ordered[CONDVAR].push(who);
                done = false;
            }
            (Instr::Wait(_, l), _) => {
                self.holder[l] = Some(t);
                self.write(CELLS + l, who);
            }
            (Instr::NotifyOne(_), _) => {
                self.ordered[CONDVAR].push(who);
                let candidates: Vec<usize> = (self.waiting.iter())
                    .copied()
                    .filter(|w| !self.notified.contains(w))
                    .collect();
                if !candidates.is_empty() && self.by_token {
                    self.tokens.push(candidates);
                } else if !candidates.is_empty() {
                    self.next(t);
                    return candidates
                        .into_iter()
                        .map(|w| {
                            let mut next = self.clone();
                            next.notified.push(w);
                            next
                        })
                        .collect();
                }
            }
            (Instr::NotifyAll(_), _) => {
                self.ordered[CONDVAR].push(who);
                for w in self.waiting.clone() {
                    if !self.notified.contains(&w) {
                        self.notified.push(w);
                    }
                }
                let notified = self.notified.clone();
                for token in &mut self.tokens {
                    token.retain(|w| !notified.contains(w));
                }
                self.tokens.retain(|k| !k.is_empty());
            }
            (Instr::Acquire(s), 0) => {
                self.ordered[SEMAPHORE + s].push(who);
                let fifo = s == 1;
                if fifo && (self.permits[s] <= 0 || !self.queue.is_empty()) {
                    self.queue.push_back(t);
                    done = false;
                } else {
                    self.permits[s] -= 1;
                }
            }
            (Instr::Acquire(s), _) => {
                self.ordered[SEMAPHORE + s].push(who);
                self.granted.retain(|&g| g != t);
            }
            (Instr::TryAcquire(s), _) => {
                self.ordered[SEMAPHORE + s].push(who);
                let took = self.permits[s] > 0 && (s == 0 || self.queue.is_empty());
                if took {
                    self.permits[s] -= 1;
                }
                self.acc[t] = mix(acc, took as i64);
            }
            (Instr::Release(s), _) => {
                self.ordered[SEMAPHORE + s].push(who);
                // Only the FIFO semaphore (1) has a queue.
                match (s == 1).then(|| self.queue.pop_front()).flatten() {
                    Some(next) => self.granted.push(next),
                    None => self.permits[s] += 1,
                }
            }
            (Instr::BarrierWait, 0) => {
                self.ordered[BARRIER_LOG].push(who);
                self.arrived += 1;
                let leader = self.arrived == BARRIER;
                if leader {
                    self.arrived = 0;
                    self.round += 1;
                } else {
                    self.my_round[t] = self.round;
                    done = false;
                }
                self.acc[t] = mix(acc, leader as i64);
            }
            (Instr::BarrierWait, _) => self.ordered[BARRIER_LOG].push(who),
            (Instr::ReadLock, _) => {
                self.readers += 1;
                self.write(RWLOCK, who);
            }
            (Instr::ReadUnlock, _) => {
                self.readers -= 1;
                self.write(RWLOCK, who);
            }
            (Instr::WriteLock, _) => {
                self.writer = true;
                self.write(RWLOCK, who);
            }
            (Instr::WriteUnlock, _) => {
                self.writer = false;
                self.write(RWLOCK, who);
            }
            (Instr::Send(c, k), 0) => {
                self.ordered[CHANNEL + c].push(who);
                self.channels[c].push_back((t, k.wrapping_add(acc)));
                done = CAPACITY[c] > 0;
            }
            (Instr::Send(c, _), _) => {
                self.ordered[CHANNEL + c].push(who);
                self.delivered.retain(|&d| d != t);
            }
            (Instr::SpinWhile(a, va, b, vb), phase) => {
                // One read per step: `a`, then `b` while `a` holds `va`; round again while
                // both hold. A turn that changes nothing leads back to a state already seen.
                let (cell, value) = if phase == 0 { (a, va) } else { (b, vb) };
                self.read(cell, who);
                if self.cells[cell] == value {
                    self.phase[t] = 1 - phase;
                    return vec![self];
                }
            }
            (Instr::Recv(c), _) => {
                self.ordered[CHANNEL + c].push(who);
                let (from, v) = self.channels[c].pop_front().expect("a value");
                if CAPACITY[c] == 0 {
                    self.delivered.push(from);
                }
                self.acc[t] = mix(acc, v);
            }
        }
        if done {
            self.next(t);
        } else {
            self.phase[t] += 1;
        }
        vec![self]
    }

    /// Whether thread `t` spins on cells that hold what keep it spinning: with nothing else
    /// able to move, it spins forever.
    /// The reads-from class of this interleaving, from its segments: a read reads from its
    /// segment's write; a write that also reads (a `fetch_add`, a compare-exchange that wrote,
    /// a lock's acquisition) from the write before it. (Not defined for increments nobody reads
    /// back, which the reads-from exploration does not follow: their segments stand for writes.)
    fn reads_from(&self) -> ReadsFrom {
        let mut pairs = BTreeSet::new();
        for segments in &self.segments[..CELLS + LOCKS] {
            for (s, (write, reads)) in segments.iter().enumerate() {
                pairs.extend(reads.iter().map(|&r| (r, *write)));
                if let Some(w) = write.filter(|w| self.updates(*w)) {
                    pairs.insert((w, segments[s - 1].0));
                }
            }
        }
        let last = (self.segments[..CELLS].iter())
            .map(|s| s.last().expect("a first segment").0)
            .collect();
        (pairs, last)
    }

    /// Whether the write of step `who` read what it overwrote.
    fn updates(&self, (t, pc, _): Who) -> bool {
        t != usize::MAX
            && matches!(
                self.program[t][pc],
                Instr::FetchAdd(..) | Instr::Cas(..) | Instr::Lock(_) | Instr::TryLock(_)
            )
    }

    fn spins_forever(&self, t: usize) -> bool {
        matches!(self.instr(t), Some(Instr::SpinWhile(a, va, b, vb))
            if self.cells[a] == va && self.cells[b] == vb)
    }

    fn state(&self) -> (State, bool) {
        let names = ["x", "y", "z"];
        let mut state: State = (0..CELLS)
            .map(|c| (names[c].to_string(), self.cells[c]))
            .collect();
        let unfinished = (0..self.program.len())
            .filter(|&t| self.pc[t] < self.program[t].len())
            .count();
        if unfinished > 0 {
            state.insert("stuck".into(), unfinished as i64);
            return (state, true);
        }
        for (t, acc) in self.acc.iter().enumerate() {
            state.insert(format!("r{}", t + 1), *acc);
        }
        (state, false)
    }
}

fn explore(run: Run<'_>, out: &mut Enumeration, seen: &mut FxHashSet<u64>) {
    // Interleavings that reach the same state with the same order of dependent steps so far
    // go on alike: explore each such point once.
    let mut hasher = FxHasher::default();
    run.hash(&mut hasher);
    if !seen.insert(hasher.finish()) {
        return;
    }
    out.visited += 1;
    let threads = run.program.len();
    let can: Vec<Can> = (0..threads).map(|t| run.can(t)).collect();
    let moves = (0..threads).any(|t| can[t] == Can::Yes && !run.spins_forever(t));
    let spurious = can.contains(&Can::Spuriously);
    if !moves {
        // Nothing can move, or only spurious wakeups: the threads may wait here forever.
        let (state, stuck) = run.state();
        out.deadlocks |= stuck;
        out.states.insert(state);
        let key = (run.segments.clone(), run.ordered.clone());
        out.classes.insert((key.0, key.1, spurious));
        out.reads_from.insert(run.reads_from());
        for (&name, &times) in &run.worst {
            let worst = out.bypass.entry(name).or_default();
            *worst = (*worst).max(times);
        }
    }
    for t in (0..threads).filter(|&t| can[t] != Can::No) {
        for next in run.clone().step(t) {
            explore(next, out, seen);
        }
    }
}

/// Runs `program` under every interleaving, each with at most `spurious` spurious wakeups. A
/// `notify_one` leaves a token that any of the threads then waiting may take (as the SC
/// checker has it); where waits may end spuriously, a wake depends on every step before it.
pub fn enumerate(program: &Program, spurious: u32) -> Enumeration {
    run(program, spurious, true)
}

/// The final states of every interleaving, with each `notify_one` choosing its waiter when it
/// runs (the definition, independent of the tokens).
pub fn eager_states(program: &Program, spurious: u32) -> BTreeSet<State> {
    run(program, spurious, false).states
}

fn run(program: &Program, spurious: u32, by_token: bool) -> Enumeration {
    let threads = program.len();
    let mut run = Run {
        program: Fixed(program),
        pc: vec![0; threads],
        phase: vec![0; threads],
        acc: vec![0; threads],
        cells: [0; CELLS],
        holder: [None; LOCKS],
        waiting: Vec::new(),
        notified: Vec::new(),
        tokens: Vec::new(),
        by_token,
        spurious_left: spurious,
        permits: [PERMITS; 2],
        queue: VecDeque::new(),
        granted: Vec::new(),
        arrived: 0,
        round: 0,
        my_round: vec![0; threads],
        readers: 0,
        writer: false,
        channels: [VecDeque::new(), VecDeque::new()],
        delivered: Vec::new(),
        segments: vec![vec![(None, Vec::new())]; SEGMENTED],
        ordered: vec![Vec::new(); ORDERED],
        since: vec![BTreeMap::new(); threads],
        worst: BTreeMap::new(),
    };
    for t in 0..threads {
        run.skip(t);
    }
    let mut out = Enumeration::default();
    explore(run, &mut out, &mut FxHashSet::default());
    out
}

/// How many orbits `classes` fall into when the program's `threads` threads, which all run the
/// same code, are renamed every way: each class's key under every numbering, the least of them
/// naming its orbit (independent of the checker's twins).
pub fn orbits(classes: &FxHashSet<Key>, threads: usize) -> u64 {
    let numberings = permutations(threads);
    let least: FxHashSet<Key> = classes
        .iter()
        .map(|key| {
            (numberings.iter())
                .map(|to| renamed(key, to))
                .min()
                .expect("one numbering at least")
        })
        .collect();
    least.len() as u64
}

/// Every order of `0..n`.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for shorter in permutations(n - 1) {
        for at in 0..=shorter.len() {
            let mut p = shorter.clone();
            p.insert(at, n - 1);
            all.push(p);
        }
    }
    all
}

/// `key` with thread `t` renamed `to[t]`.
fn renamed(key: &Key, to: &[usize]) -> Key {
    // (The marks of segments of increments are no thread's.)
    let who = |w: &Who| (to.get(w.0).copied().unwrap_or(w.0), w.1, w.2);
    let segments = (key.0.iter())
        .map(|object| {
            (object.iter())
                .map(|(write, reads)| {
                    let mut reads: Vec<Who> = reads.iter().map(who).collect();
                    reads.sort_unstable();
                    (write.as_ref().map(who), reads)
                })
                .collect()
        })
        .collect();
    let ordered = (key.1.iter())
        .map(|steps| steps.iter().map(who).collect())
        .collect();
    (segments, ordered, key.2)
}
