//! A brute-force oracle, independent of racelab's checkers: runs a program under every
//! interleaving, and groups the interleavings into Mazurkiewicz classes by the order of their
//! dependent steps.

use super::program::{mix, Instr, Program, CELLS, LOCKS};
use racelab_core::State;
use std::collections::BTreeSet;

/// What every interleaving of a program reaches.
#[derive(Debug, Default)]
pub struct Enumeration {
    /// The final states (as the program lab reports them).
    pub states: BTreeSet<State>,
    /// The classes: one key per class of equivalent interleavings.
    pub classes: BTreeSet<Key>,
    /// How many interleavings there are.
    pub interleavings: u64,
    /// Whether some interleaving ends with every unfinished thread waiting.
    pub deadlocks: bool,
}

/// The order of dependent steps: per cell, the writes in order, with the reads between each
/// two as a set; per lock, its operations in order.
pub type Key = (Vec<Vec<Segment>>, Vec<Vec<(usize, usize)>>);

/// One write of a cell and the reads that follow it before the next write.
pub type Segment = (Option<(usize, usize)>, BTreeSet<(usize, usize)>);

#[derive(Clone)]
struct Run<'p> {
    program: &'p Program,
    pc: Vec<usize>,
    acc: Vec<i64>,
    cells: [i64; CELLS],
    holder: [Option<usize>; LOCKS],
    cell_log: Vec<Vec<Segment>>,
    lock_log: Vec<Vec<(usize, usize)>>,
}

impl Run<'_> {
    fn enabled(&self, t: usize) -> bool {
        match self.program[t].get(self.pc[t]) {
            None => false,
            Some(Instr::Lock(l)) => self.holder[*l].is_none(),
            Some(_) => true,
        }
    }

    fn read(&mut self, c: usize, who: (usize, usize)) -> i64 {
        self.cell_log[c]
            .last_mut()
            .expect("a first segment")
            .1
            .insert(who);
        self.cells[c]
    }

    fn write(&mut self, c: usize, who: (usize, usize), value: i64) {
        self.cell_log[c].push((Some(who), BTreeSet::new()));
        self.cells[c] = value;
    }

    fn step(&mut self, t: usize) {
        let who = (t, self.pc[t]);
        let acc = self.acc[t];
        match self.program[t][self.pc[t]] {
            Instr::Load(c) => {
                let v = self.read(c, who);
                self.acc[t] = mix(acc, v);
            }
            Instr::Store(c, k) => self.write(c, who, k.wrapping_add(acc)),
            Instr::FetchAdd(c, k) => {
                let v = self.cells[c];
                self.write(c, who, v.wrapping_add(k));
                self.acc[t] = mix(acc, v);
            }
            Instr::Cas(c, expect, new) => {
                let v = self.cells[c];
                if v == expect {
                    self.write(c, who, new.wrapping_add(acc));
                } else {
                    self.read(c, who);
                }
                self.acc[t] = mix(acc, v);
            }
            Instr::Lock(l) => {
                self.holder[l] = Some(t);
                self.lock_log[l].push(who);
            }
            Instr::Unlock(l) => {
                self.holder[l] = None;
                self.lock_log[l].push(who);
            }
        }
        self.pc[t] += 1;
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

fn explore(run: Run<'_>, out: &mut Enumeration) {
    let threads = run.program.len();
    let mut any = false;
    for t in 0..threads {
        if run.enabled(t) {
            any = true;
            let mut next = run.clone();
            next.step(t);
            explore(next, out);
        }
    }
    if !any {
        let (state, stuck) = run.state();
        out.deadlocks |= stuck;
        out.states.insert(state);
        out.classes
            .insert((run.cell_log.clone(), run.lock_log.clone()));
        out.interleavings += 1;
    }
}

/// Runs `program` under every interleaving.
pub fn enumerate(program: &Program) -> Enumeration {
    let run = Run {
        program,
        pc: vec![0; program.len()],
        acc: vec![0; program.len()],
        cells: [0; CELLS],
        holder: [None; LOCKS],
        cell_log: vec![vec![(None, BTreeSet::new())]; CELLS],
        lock_log: vec![Vec::new(); LOCKS],
    };
    let mut out = Enumeration::default();
    explore(run, &mut out);
    out
}
