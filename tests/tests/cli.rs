//! The `racelab` binary end to end: what a user types, the JSON contract, the exit codes.
//!
//! Modules:
//! - `contract`: the `racelab/report/v1` JSON document and exit codes 0 / 1 / 2.
//! - `bad_input`: every kind of bad input gets one line and exit 2, never a panic.
//! - `real_within_sc`: every final state real threads reach is one the SC checker reaches.
//! - `replay`: a token printed by `explore` replays the same trace.
//! - `bank`: the bank lab through the CLI.
//! - `checkout`: racelab works in the checkout the user stands in; progress lives with it.
//! - `closed_pipe`: a reader that goes away ends every command quietly, never with a panic.
//! - `explain`: snapshots of the lessons learners read.
//! - `exercise`: the exercise walk-through of the README, with a real build of the student's file.
//! - `exercises`: every exercise file graded in-process: stubs and known-wrong files fail, solutions hold.
//! - `grade_class`: `racelab exercise grade`: a class built once, graded in a sandbox, every format.
//! - `every_lab`: every listed lab fails where it should and is proven where it should.
//! - `preemption_marks`: every rendering marks exactly the preemptions its count states.
//! - `processes`: the processes lab with real child processes.
//! - `async_bank`: tasks on one OS thread, the interleaving across an await.
//! - `transfer`: the deadlock lab through the CLI.
//! - `simplest`: counterexamples have the fewest preemptions possible.
//! - `scale_out`: `--jobs` and `--shard` split random and PCT schedules without changing results.
//! - `split_proofs`: `--jobs`, `--shard` and `racelab merge` split SC proofs and put them back.
//! - `sc_checker`: racelab's SC checker reaches what shuttle's DFS reaches, on every lab.
//! - `kitchen`: every execution model runs every task once; the JSON shape; bad input.
//! - `memory_ordering`: publish and dekker: the orderings choose the checker; caveats in JSON.
//! - `pictures`: `--svg` timelines: well-formed, every step, whole or not at all, README's up to date.
//! - `new_lab`: `racelab new` writes a lab, registers it in two lines, and refuses bad names.
//! - `play`: `racelab play` transcripts, exit codes, and every game checked against the SC checker.
//! - `watch`: `racelab exercise watch` in a pseudo-terminal: checks on save, moves on, Ctrl-C.

mod async_bank;
mod bad_input;
mod bank;
mod checkout;
mod closed_pipe;
mod common;
mod contract;
mod every_lab;
mod exercise;
mod exercises;
mod explain;
mod grade_class;
mod kitchen;
mod memory_ordering;
mod new_lab;
mod pictures;
mod play;
mod preemption_marks;
mod processes;
mod reads_from;
mod real_within_sc;
mod replay;
mod sc_checker;
mod scale_out;
mod simplest;
mod split_proofs;
mod symmetry;
mod transfer;
mod watch;
