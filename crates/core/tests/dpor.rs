//! racelab's SC checker against independent oracles: a brute-force enumerator of interleavings
//! (its final states, and its count of Mazurkiewicz classes) and shuttle's DFS.
//!
//! - `program`: a lab that runs a small generated program;
//! - `oracle`: the brute-force enumerator;
//! - `waiting`: the waiting primitives in small programs whose bug one choice reveals.

#[path = "dpor/oracle.rs"]
mod oracle;
#[path = "dpor/program.rs"]
mod program;
#[path = "dpor/waiting.rs"]
mod waiting;

use program::{Instr, Instr::*, Program, ProgramLab};
use proptest::prelude::*;
use racelab_core::explore::{explore, ExploreRequest, Shard};
use racelab_core::{Checker, Equivalence, Report, State};
use std::collections::BTreeSet;

/// The most schedules a DFS comparison may take (more and the program is skipped).
const DFS_BUDGET: u64 = 100_000;

fn run(lab: &ProgramLab, checker: Checker) -> Report {
    run_with(lab, checker, 0)
}

/// Explores with at most `spurious` spurious wakeups per execution.
fn run_with(lab: &ProgramLab, checker: Checker, spurious: u32) -> Report {
    let mut request = ExploreRequest::new("program", lab.params(), checker);
    request.spurious_wakeups = spurious;
    explore(lab, &request).expect("explores")
}

/// Each object's worst bypass, as the report gives it.
fn bypass(report: &Report) -> std::collections::BTreeMap<&str, u64> {
    (report.bypass.iter())
        .map(|b| (b.object.as_str(), b.times))
        .collect()
}

fn states(report: &Report) -> BTreeSet<State> {
    report.outcomes.iter().map(|o| o.state.clone()).collect()
}

/// Checks one program: the SC checker reaches exactly the oracle's final states, in exactly
/// one execution per class, never cut short by its sleep sets; and DFS agrees where it can run
/// (no deadlock: shuttle's threads give up instead of waiting).
fn check(program: Program, with_dfs: bool) -> Result<(), TestCaseError> {
    check_with(program, with_dfs, 0)
}

/// [`check`], with at most `spurious` spurious wakeups per execution (DFS, which has none, is
/// compared with an exploration without them).
fn check_with(program: Program, with_dfs: bool, spurious: u32) -> Result<(), TestCaseError> {
    let lab = ProgramLab::new(program.clone());
    let truth = oracle::enumerate(&program, spurious);
    prop_assert_eq!(&oracle::eager_states(&program, spurious), &truth.states);
    let report = run_with(&lab, Checker::Dpor, spurious);
    prop_assert!(report.exhaustive);
    prop_assert_eq!(&states(&report), &truth.states, "{:?}", program);
    prop_assert_eq!(report.redundant, Some(0), "{:?}", program);
    prop_assert_eq!(
        report.executions,
        truth.classes.len() as u64,
        "{:?}",
        program
    );
    prop_assert_eq!(&bypass(&report), &truth.bypass, "{:?}", program);
    if with_dfs && spurious > 0 && program::waits(&program) {
        return check_with(program, true, 0);
    }
    // shuttle's barrier has no scheduling point before a thread joins a round, so no step of
    // another thread falls between a thread's step and its arrival: a thread that waits at it
    // twice never arrives at the second round after the other (see
    // `shuttle_never_lets_a_barrier_leader_arrive_last_at_the_next_round`), and one that took
    // a semaphore's last permit just before arriving always arrives first.
    let barrier_after_a_step =
        (program.iter()).any(|t| t.iter().skip(1).any(|&i| i == BarrierWait));
    if with_dfs && !truth.deadlocks && !barrier_after_a_step {
        // DFS has no reduction: it is the oracle only where it finishes quickly (shuttle runs
        // the semaphore racelab builds from its mutex and condition variable, step by step).
        let mut request = ExploreRequest::new("program", lab.params(), Checker::Dfs);
        request.budget.max_executions = Some(DFS_BUDGET);
        let dfs = explore(&lab, &request).expect("explores");
        if program::uses_primitives(&program) {
            prop_assume!(dfs.exhaustive);
        }
        prop_assert!(dfs.exhaustive, "DFS did not finish: {:?}", program);
        prop_assert_eq!(&states(&dfs), &truth.states, "{:?}", program);
    }
    Ok(())
}

/// The final states with each state's results sorted (as a symmetric lab reports them).
fn sorted(states: &BTreeSet<State>) -> BTreeSet<State> {
    (states.iter())
        .map(|state| {
            let mut results: Vec<i64> = (state.iter())
                .filter(|(name, _)| name.starts_with('r'))
                .map(|(_, &r)| r)
                .collect();
            results.sort_unstable();
            let mut state = state.clone();
            for (t, r) in results.into_iter().enumerate() {
                state.insert(format!("r{}", t + 1), r);
            }
            state
        })
        .collect()
}

/// Checks `copies` threads that each run `code`, explored once per orbit: the SC checker
/// reaches exactly the oracle's final states, in exactly one execution per orbit of the
/// oracle's classes under renaming the threads, standing for exactly the oracle's classes,
/// never cut short by its sleep sets.
fn check_symmetric(code: Vec<Instr>, copies: usize, spurious: u32) -> Result<(), TestCaseError> {
    let lab = ProgramLab::symmetric(code.clone(), copies);
    let program = vec![code; copies];
    let truth = oracle::enumerate(&program, spurious);
    let mut request = ExploreRequest::new("program", lab.params(), Checker::Dpor);
    request.spurious_wakeups = spurious;
    request.symmetry = true;
    let report = explore(&lab, &request).expect("explores");
    prop_assert!(report.exhaustive);
    prop_assert_eq!(report.equivalence, Some(Equivalence::Symmetry));
    prop_assert_eq!(&states(&report), &sorted(&truth.states), "{:?}", program);
    prop_assert_eq!(report.redundant, Some(0), "{:?}", program);
    let orbits = oracle::orbits(&truth.classes, copies);
    prop_assert_eq!(report.executions, orbits, "{:?}", program);
    let classes = truth.classes.len() as u64;
    prop_assert_eq!(report.classes, Some(classes), "{:?}", program);
    prop_assert_eq!(&bypass(&report), &truth.bypass, "{:?}", program);
    Ok(())
}

/// Checks a split proof of `lab`, whose threads run `program` (symmetric ones if `symmetric`):
/// two threads explore exactly its classes (the oracle's, or their orbits), reach the oracle's
/// states and bypass; three shards partition its classes, none of them a proof on its own.
fn check_split(
    lab: &ProgramLab,
    program: &Program,
    spurious: u32,
    symmetric: bool,
) -> Result<(), TestCaseError> {
    let truth = oracle::enumerate(program, spurious);
    let (classes, truth_states) = match symmetric {
        true => (
            oracle::orbits(&truth.classes, program.len()),
            sorted(&truth.states),
        ),
        false => (truth.classes.len() as u64, truth.states.clone()),
    };
    let mut request = ExploreRequest::new("program", lab.params(), Checker::Dpor);
    request.spurious_wakeups = spurious;
    request.symmetry = symmetric;
    request.jobs = Some(2);
    let whole = explore(lab, &request).expect("explores");
    prop_assert!(whole.exhaustive);
    prop_assert_eq!(whole.executions, classes, "{:?}", program);
    prop_assert_eq!(&states(&whole), &truth_states, "{:?}", program);
    prop_assert_eq!(&bypass(&whole), &truth.bypass, "{:?}", program);
    let (mut executions, mut reached) = (0, BTreeSet::new());
    for index in 1..=3 {
        request.shard = Some(Shard { index, count: 3 });
        request.jobs = Some(1);
        let part = explore(lab, &request).expect("explores");
        prop_assert!(!part.exhaustive, "a shard is no proof on its own");
        executions += part.executions;
        reached.extend(states(&part));
    }
    prop_assert_eq!(executions, classes, "{:?}", program);
    prop_assert_eq!(&reached, &truth_states, "{:?}", program);
    Ok(())
}

fn instr() -> impl Strategy<Value = Instr> {
    let cell = 0..program::CELLS;
    prop_oneof![
        cell.clone().prop_map(Load),
        (cell.clone(), 0..3i64).prop_map(|(c, k)| Store(c, k)),
        (cell.clone(), 1..3i64).prop_map(|(c, k)| FetchAdd(c, k)),
        (cell.clone(), 1..3i64).prop_map(|(c, k)| Add(c, k)),
        (cell, 0..2i64, 0..3i64).prop_map(|(c, e, n)| Cas(c, e, n)),
    ]
}

/// A load or a store: the steps the reads-from exploration follows, with locks.
fn plain_instr() -> impl Strategy<Value = Instr> {
    let cell = 0..program::CELLS;
    prop_oneof![
        cell.clone().prop_map(Load),
        (cell, 0..3i64).prop_map(|(c, k)| Store(c, k)),
    ]
}

/// A thread: accesses, some of them inside lock sections (nested sometimes, so that two threads
/// taking two locks in opposite orders deadlock).
fn thread(max: usize) -> impl Strategy<Value = Vec<Instr>> {
    thread_of(max, instr())
}

/// [`thread`] of `step`s.
fn thread_of(max: usize, step: impl Strategy<Value = Instr>) -> impl Strategy<Value = Vec<Instr>> {
    (
        prop::collection::vec(step, 1..=max),
        prop::option::of((0..program::LOCKS, 0..3usize, 1..3usize)),
        prop::option::of((0..program::LOCKS, 0..3usize, 1..3usize)),
    )
        .prop_map(|(mut body, outer, inner)| {
            for section in [inner, outer].into_iter().flatten() {
                let (lock, start, len) = section;
                let start = start.min(body.len());
                let end = (start + len).min(body.len());
                if body.contains(&Lock(lock)) {
                    continue;
                }
                body.insert(end, Unlock(lock));
                body.insert(start, Lock(lock));
            }
            body
        })
}

/// An operation of a waiting primitive that needs no section around it.
fn sync_instr() -> impl Strategy<Value = Instr> {
    prop_oneof![
        Just(NotifyOne(0)),
        Just(NotifyAll(0)),
        (0..program::SEMAPHORES).prop_map(Acquire),
        (0..program::SEMAPHORES).prop_map(TryAcquire),
        (0..program::SEMAPHORES).prop_map(Release),
        Just(BarrierWait),
        (0..program::CHANNELS, 0..3i64).prop_map(|(c, k)| Send(c, k)),
        (0..program::CHANNELS).prop_map(Recv),
    ]
}

/// A thread of accesses and primitive operations, with sections: a lock section with a wait on
/// the condition variable inside, a `try_lock` section, a read or write section.
fn sync_thread(max: usize) -> impl Strategy<Value = Vec<Instr>> {
    let step = prop_oneof![2 => sync_instr(), 1 => instr()];
    (
        prop::collection::vec(step, 1..=max),
        prop::option::of((0..program::LOCKS, 0..3usize, 0..3usize, any::<bool>())),
        prop::option::of((0..3usize, 1..3usize, 0..3u8)),
    )
        .prop_map(|(mut body, lock, section)| {
            if let Some((start, len, kind)) = section {
                let start = start.min(body.len());
                let end = (start + len).min(body.len());
                let (open, close) = match kind {
                    0 => (ReadLock, ReadUnlock),
                    1 => (WriteLock, WriteUnlock),
                    _ => (TryLock(1), Unlock(1)),
                };
                body.insert(end, close);
                body.insert(start, open);
            }
            if let Some((l, start, len, waits)) = lock {
                let l = if body.contains(&TryLock(1)) { 0 } else { l };
                let start = start.min(body.len());
                let end = (start + len).min(body.len());
                let inside = (start..end).any(|i| matches!(body[i], ReadLock | WriteLock));
                if !inside {
                    if waits {
                        body.insert(end, Wait(0, l));
                    }
                    body.insert(end + usize::from(waits), Unlock(l));
                    body.insert(start, Lock(l));
                }
            }
            body
        })
}

/// Programs of the waiting primitives: 2 threads of up to 4 steps, or 3 of up to 2.
fn sync_programs() -> impl Strategy<Value = Program> {
    prop_oneof![
        prop::collection::vec(sync_thread(4), 2),
        prop::collection::vec(sync_thread(2), 3),
    ]
}

/// An access, or a spin loop over two cells (`while a == va && b == vb {}`).
fn spin_step() -> impl Strategy<Value = Instr> {
    let cell = || 0..program::CELLS;
    // Over two cells, or one read twice a turn.
    let spin =
        (cell(), 0..2i64, cell(), 0..2i64).prop_map(|(a, va, b, vb)| SpinWhile(a, va, b, vb));
    prop_oneof![2 => instr(), 1 => spin]
}

/// Programs with spin loops among the accesses: 2 threads of up to 4 steps, or 3 of up to 3.
fn spin_programs() -> impl Strategy<Value = Program> {
    prop_oneof![
        prop::collection::vec(prop::collection::vec(spin_step(), 1..=4), 2),
        prop::collection::vec(prop::collection::vec(spin_step(), 1..=3), 3),
    ]
}

/// 2 threads of up to 5 instructions, or 3 of up to 3 (so the brute force stays fast).
fn programs() -> impl Strategy<Value = Program> {
    prop_oneof![
        prop::collection::vec(thread(5), 2),
        prop::collection::vec(thread(3), 3),
    ]
}

/// Programs small enough for shuttle's DFS, which has no reduction and explores every lock
/// handoff: two threads with lock sections, or three without.
fn small_programs() -> impl Strategy<Value = Program> {
    prop_oneof![
        prop::collection::vec(thread(3), 2),
        prop::collection::vec(prop::collection::vec(instr(), 1..=2), 3),
    ]
}

/// How many programs each property tries: a few seconds' worth in the suite; `make bench` runs
/// 1,000 of each (`PROPTEST_CASES=1000`). They are the same programs in every run, drawn from a
/// fixed seed, so that the suite's time and any failure repeat (on one build, five random draws
/// took its slowest test 11 s to 35 s); `PROPTEST_RNG_SEED=<n>` draws others.
fn cases(suite: u32) -> ProptestConfig {
    let asked = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    let mut config = ProptestConfig::with_cases(asked.unwrap_or(suite));
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(SEED);
    }
    config
}

/// The seed of the suite's programs.
const SEED: u64 = 25;

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn the_sc_checker_reaches_every_final_state_in_one_execution_per_class(program in programs()) {
        check(program, false)?;
    }
}

/// Checks one program under `--reads-from`: the oracle's final states, in one execution per
/// reads-from class; or, where the program takes a read-modify-write (which the reads-from
/// exploration does not follow), one per Mazurkiewicz class, saying why.
fn check_reads_from(program: Program) -> Result<(), TestCaseError> {
    let lab = ProgramLab::new(program.clone());
    let truth = oracle::enumerate(&program, 0);
    let mut request = ExploreRequest::new("program", lab.params(), Checker::Dpor);
    request.spurious_wakeups = 0;
    request.reads_from = true;
    let report = explore(&lab, &request).expect("explores");
    prop_assert!(report.exhaustive);
    prop_assert_eq!(&states(&report), &truth.states, "{:?}", program);
    let (expected, classes) = match report.reads_from_unfollowed.as_deref() {
        None => (Equivalence::ReadsFrom, truth.reads_from.len()),
        Some(step) => {
            let rmw = |i: &Instr| matches!(i, FetchAdd(..) | Add(..) | Cas(..));
            prop_assert!(program.iter().flatten().any(rmw), "{:?}: {}", program, step);
            (Equivalence::Mazurkiewicz, truth.classes.len())
        }
    };
    prop_assert_eq!(report.equivalence, Some(expected), "{:?}", program);
    prop_assert_eq!(report.executions, classes as u64, "{:?}", program);
    Ok(())
}

/// Programs of loads, stores and lock sections: 2 threads of up to 5, 3 of up to 3, or 4 of
/// up to 2.
fn plain_programs() -> impl Strategy<Value = Program> {
    prop_oneof![
        prop::collection::vec(thread_of(5, plain_instr()), 2),
        prop::collection::vec(thread_of(3, plain_instr()), 3),
        prop::collection::vec(thread_of(2, plain_instr()), 4),
    ]
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn reads_from_reaches_every_final_state_in_one_execution_per_class(
        program in plain_programs()
    ) {
        check_reads_from(program)?;
    }

    #[test]
    fn reads_from_gives_way_to_mazurkiewicz_at_a_read_modify_write(program in programs()) {
        check_reads_from(program)?;
    }
}

proptest! {
    #![proptest_config(cases(100))]

    #[test]
    fn the_sc_checker_and_shuttle_dfs_reach_the_same_final_states(program in small_programs()) {
        check(program, true)?;
    }
}

proptest! {
    #![proptest_config(cases(150))]

    #[test]
    fn the_sc_checker_explores_the_waiting_primitives_one_execution_per_class(
        program in sync_programs()
    ) {
        check_with(program, false, 1)?;
    }
}

proptest! {
    #![proptest_config(cases(100))]

    #[test]
    fn without_spurious_wakeups_too(program in sync_programs()) {
        check_with(program, false, 0)?;
    }
}

proptest! {
    #![proptest_config(cases(100))]

    #[test]
    fn the_sc_checker_and_shuttle_dfs_agree_on_the_waiting_primitives(
        program in prop::collection::vec(prop::collection::vec(sync_instr(), 1..=2), 2)
    ) {
        check_with(program, true, 1)?;
    }
}

proptest! {
    #![proptest_config(cases(200))]

    /// Spin loops are waited out, not followed turn by turn: the SC checker reaches exactly the
    /// final states of every interleaving, a spin that nothing can end included (a hang), with
    /// no redundant execution. (Its executions are not the enumerator's classes: a turn that
    /// repeats the one before is not an execution of its own.)
    #[test]
    fn the_sc_checker_waits_out_spin_loops_and_reaches_every_final_state(
        program in spin_programs()
    ) {
        let lab = ProgramLab::new(program.clone());
        let truth = oracle::enumerate(&program, 0);
        let report = run(&lab, Checker::Dpor);
        prop_assert!(report.exhaustive);
        prop_assert_eq!(&states(&report), &truth.states, "{:?}", program);
        prop_assert_eq!(report.redundant, Some(0), "{:?}", program);
    }
}

proptest! {
    #![proptest_config(cases(80))]

    #[test]
    fn symmetric_threads_take_one_execution_per_orbit(
        (code, copies) in prop_oneof![
            (thread(4), Just(2)),
            (thread(3), Just(3)),
            (thread(2), Just(4)),
        ]
    ) {
        check_symmetric(code, copies, 0)?;
    }
}

proptest! {
    #![proptest_config(cases(50))]

    #[test]
    fn symmetric_threads_on_the_waiting_primitives_take_one_execution_per_orbit(
        (code, copies, spurious) in prop_oneof![
            (sync_thread(3), Just(2), 0..2u32),
            (sync_thread(2), Just(3), 0..2u32),
        ]
    ) {
        check_symmetric(code, copies, spurious)?;
    }
}

proptest! {
    #![proptest_config(cases(40))]

    /// Symmetric threads that spin: the final states of every interleaving (a spin's turns are
    /// waited out, so executions are not the enumerator's classes), none cut short.
    #[test]
    fn symmetric_threads_that_spin_reach_every_final_state(
        (code, copies) in prop_oneof![
            (prop::collection::vec(spin_step(), 1..=4), Just(2)),
            (prop::collection::vec(spin_step(), 1..=3), Just(3)),
        ]
    ) {
        let lab = ProgramLab::symmetric(code.clone(), copies);
        let program = vec![code; copies];
        let truth = oracle::enumerate(&program, 0);
        let mut request = ExploreRequest::new("program", lab.params(), Checker::Dpor);
        request.symmetry = true;
        let report = explore(&lab, &request).expect("explores");
        prop_assert!(report.exhaustive);
        prop_assert_eq!(&states(&report), &sorted(&truth.states), "{:?}", program);
        prop_assert_eq!(report.redundant, Some(0), "{:?}", program);
    }
}

proptest! {
    #![proptest_config(cases(30))]

    #[test]
    fn a_split_proof_explores_every_class_once_on_any_number_of_threads_and_shards(
        program in programs()
    ) {
        check_split(&ProgramLab::new(program.clone()), &program, 0, false)?;
    }
}

proptest! {
    #![proptest_config(cases(20))]

    #[test]
    fn a_split_proof_of_the_waiting_primitives_too(program in sync_programs()) {
        check_split(&ProgramLab::new(program.clone()), &program, 1, false)?;
    }
}

proptest! {
    #![proptest_config(cases(20))]

    #[test]
    fn a_split_proof_of_symmetric_threads_takes_one_execution_per_orbit(
        (code, copies) in prop_oneof![(thread(3), Just(3)), (thread(2), Just(4))]
    ) {
        let program = vec![code.clone(); copies];
        check_split(&ProgramLab::symmetric(code, copies), &program, 0, true)?;
    }
}

/// A lab that says its threads are symmetric, but whose threads ask for their numbers: the
/// checker takes back the reduction and explores one execution per Mazurkiewicz class.
#[test]
fn threads_that_ask_their_number_are_not_taken_for_symmetric() {
    let program = vec![vec![Load(0), Store(0, 1)], vec![Store(0, 2)]];
    let lab = ProgramLab::claiming_symmetry(program.clone());
    let mut request = ExploreRequest::new("program", lab.params(), Checker::Dpor);
    request.symmetry = true;
    let report = explore(&lab, &request).expect("explores");
    let truth = oracle::enumerate(&program, 0);
    assert_eq!(report.equivalence, Some(Equivalence::Mazurkiewicz));
    assert_eq!(report.classes, None);
    assert_eq!(report.executions, truth.classes.len() as u64);
    assert_eq!(
        states(&report),
        sorted(&truth.states),
        "results are reported sorted"
    );
}

/// Two threads at a barrier for two, twice. After the first round, its leader may well be the
/// last to arrive at the second (the other thread is slower), and lead both: racelab's checker
/// and the enumerator find it. shuttle's barrier skips the scheduling point before a thread
/// that will wait joins a round, so its leader always arrives first at the next: shuttle's DFS
/// never shows a thread leading both rounds.
#[test]
fn shuttle_never_lets_a_barrier_leader_arrive_last_at_the_next_round() {
    let program = vec![vec![BarrierWait, BarrierWait]; 2];
    let lab = ProgramLab::new(program.clone());
    let truth = oracle::enumerate(&program, 0);
    let reached = states(&run(&lab, Checker::Dpor));
    assert_eq!(reached, truth.states);
    // Thread 1 led both rounds: its accumulator is mix(mix(0, 1), 1) = 8.
    assert!(reached.iter().any(|s| s["r1"] == 8), "{reached:?}");
    let dfs = states(&run(&lab, Checker::Dfs));
    assert!(
        dfs.iter().all(|s| s["r1"] != 8 && s["r2"] != 8),
        "shuttle's barrier fixed? {dfs:?}"
    );
}

/// The scenario of loom#392: thread 1 must never read 10; thread 2 adds 10 first in one order.
/// loom's reduction skips that order; the SC checker must not.
#[test]
fn a_thread_whose_first_step_is_a_load_is_not_skipped() {
    let program = vec![vec![Load(0), Store(0, 1)], vec![Load(0), Store(0, 10)]];
    let lab = ProgramLab::new(program.clone());
    let truth = oracle::enumerate(&program, 0);
    let reached = states(&run(&lab, Checker::Dpor));
    assert_eq!(reached, truth.states);
    // Thread 1 read 10 (its accumulator is 0 * 7 + 10) in some execution.
    assert!(reached.iter().any(|s| s["r1"] == 10), "{reached:?}");
    // The known gap this guards against: loom 0.7's reduction never shows that order.
    let loom = states(&run(&lab, Checker::Loom));
    assert!(
        loom.iter().all(|s| s["r1"] != 10),
        "loom#392 fixed? {loom:?}"
    );
}

#[test]
fn one_writer_and_n_readers_have_2_to_the_n_classes() {
    for readers in 1..=4 {
        let mut program = vec![vec![Store(0, 1)]];
        program.extend((0..readers).map(|_| vec![Load(0)]));
        let lab = ProgramLab::new(program);
        let report = run(&lab, Checker::Dpor);
        assert_eq!(report.executions, 1 << readers, "{readers} readers");
        assert_eq!(report.redundant, Some(0), "{readers} readers");
    }
}

#[test]
fn independent_threads_take_one_execution() {
    let program = vec![
        vec![Store(0, 1), Load(0)],
        vec![Store(1, 1), Load(1)],
        vec![Load(2)],
    ];
    let lab = ProgramLab::new(program);
    assert_eq!(run(&lab, Checker::Dpor).executions, 1);
}

#[test]
fn opposite_lock_orders_end_in_a_deadlock_where_both_wait() {
    let program = vec![
        vec![Lock(0), Lock(1), Unlock(1), Unlock(0)],
        vec![Lock(1), Lock(0), Unlock(0), Unlock(1)],
    ];
    let lab = ProgramLab::new(program.clone());
    let report = run(&lab, Checker::Dpor);
    let truth = oracle::enumerate(&program, 0);
    assert_eq!(states(&report), truth.states);
    let cx = report.counterexample.expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
    let waits: Vec<_> = cx
        .steps
        .iter()
        .filter(|s| s.action == racelab_core::trace::Action::Deadlock)
        .collect();
    assert_eq!(waits.len(), 2, "{:?}", cx.steps);
    assert_eq!(
        cx.steps.last().map(|s| s.action),
        Some(racelab_core::trace::Action::Deadlock)
    );
}

/// The counter lab's threads as programs: `racy` loads, then stores; `mutex` does it under a
/// lock. The brute force counts their classes; the counter lab's own tests check that the SC
/// checker explores exactly these numbers on the real lab.
fn counter(threads: usize, iters: usize, locked: bool) -> Program {
    let body: &[Instr] = if locked {
        &[Lock(0), Load(0), Store(0, 1), Unlock(0)]
    } else {
        &[Load(0), Store(0, 1)]
    };
    vec![body.repeat(iters); threads]
}

#[test]
fn the_counter_shapes_have_the_known_numbers_of_classes() {
    for (threads, iters, locked, classes) in [
        (2, 1, false, 4),
        (2, 2, false, 34),
        (2, 3, false, 328),
        (3, 1, false, 36),
        (2, 2, true, 6),
        (3, 2, true, 90),
    ] {
        let program = counter(threads, iters, locked);
        let truth = oracle::enumerate(&program, 0);
        assert_eq!(
            truth.classes.len(),
            classes,
            "{threads}x{iters} locked={locked}"
        );
        let lab = ProgramLab::new(program);
        let report = run(&lab, Checker::Dpor);
        assert_eq!(
            report.executions, classes as u64,
            "{threads}x{iters} locked={locked}"
        );
    }
}

/// Small programs of each primitive: the enumerator's count of their classes, fixed here, is
/// the SC checker's count of executions, with no redundant one.
#[test]
fn each_primitive_has_its_known_number_of_classes() {
    let waiter = vec![Lock(0), Wait(0, 0), Unlock(0)];
    let notifier = |notify| vec![Lock(0), Store(0, 1), notify, Unlock(0)];
    let reader = vec![ReadLock, Load(0), ReadUnlock];
    for (name, program, spurious, classes) in [
        (
            "try_lock",
            vec![vec![TryLock(0), Store(0, 1), Unlock(0)]; 2],
            0,
            6,
        ),
        (
            "wait, notify_one",
            vec![waiter.clone(), notifier(NotifyOne(0))],
            0,
            2,
        ),
        (
            "the same, 1 spurious wakeup",
            vec![waiter.clone(), notifier(NotifyOne(0))],
            1,
            5,
        ),
        (
            "two waits, notify_one",
            vec![waiter.clone(), waiter.clone(), notifier(NotifyOne(0))],
            0,
            12,
        ),
        (
            "two waits, notify_all",
            vec![waiter.clone(), waiter, notifier(NotifyAll(0))],
            0,
            16,
        ),
        (
            "weak semaphore",
            vec![vec![Acquire(0), FetchAdd(0, 1), Release(0)]; 3],
            0,
            6,
        ),
        (
            "FIFO semaphore",
            vec![vec![Acquire(1), FetchAdd(0, 1), Release(1)]; 3],
            0,
            36,
        ),
        (
            "barrier",
            vec![
                vec![Store(0, 1), BarrierWait, Load(1)],
                vec![Store(1, 1), BarrierWait, Load(0)],
            ],
            0,
            2,
        ),
        (
            "read-write lock",
            vec![
                reader.clone(),
                vec![WriteLock, Store(0, 1), WriteUnlock],
                reader,
            ],
            0,
            14,
        ),
        (
            "bounded channel",
            vec![vec![Send(0, 1), Send(0, 2)], vec![Recv(0), Recv(0)]],
            0,
            1,
        ),
        (
            "rendezvous",
            vec![vec![Send(1, 1)], vec![Send(1, 2)], vec![Recv(1), Recv(1)]],
            0,
            14,
        ),
    ] {
        let truth = oracle::enumerate(&program, spurious);
        let report = run_with(&ProgramLab::new(program), Checker::Dpor, spurious);
        assert_eq!(truth.classes.len(), classes, "{name}: the enumerator");
        assert_eq!(report.executions, classes as u64, "{name}: the SC checker");
        assert_eq!(report.redundant, Some(0), "{name}");
    }
}

/// Starvation, worked out by hand: thread 1 takes a semaphore of one permit `k` times, thread 2
/// once. A weak semaphore lets thread 1 take it all `k` times while thread 2 waits; a FIFO one
/// hands a freed permit to the queue first, so thread 2 is passed at most by the one it queued
/// behind, and never when there is nothing to queue behind (`k` = 1). The SC checker's worst
/// bypass, its trace, and the enumerator agree.
#[test]
fn a_weak_semaphore_lets_a_waiter_be_bypassed_without_bound_and_a_fifo_one_does_not() {
    for k in 1..=3u64 {
        for (semaphore, name, worst) in [(0, "weak", k), (1, "fifo", (k - 1).min(1))] {
            let program = vec![
                [Acquire(semaphore), Release(semaphore)].repeat(k as usize),
                vec![Acquire(semaphore), Release(semaphore)],
            ];
            let truth = oracle::enumerate(&program, 0);
            let report = run(&ProgramLab::new(program), Checker::Dpor);
            let expected: std::collections::BTreeMap<&str, u64> =
                (worst > 0).then_some((name, worst)).into_iter().collect();
            assert_eq!(truth.bypass, expected, "{name} x {k}: the enumerator");
            assert_eq!(bypass(&report), expected, "{name} x {k}: the SC checker");
            if let Some(found) = report.bypass.first().filter(|_| name == "weak") {
                // The trace shows it: the waiter's acquire comes after `worst` of the other's.
                let acquires = |t: usize| {
                    (found.steps.iter())
                        .position(|s| s.thread == t && s.action.word() == "acquire")
                        .expect("an acquire")
                };
                let waiter = found.thread;
                let before = (found.steps[..acquires(waiter)].iter())
                    .filter(|s| s.thread != waiter && s.action.word() == "acquire")
                    .count() as u64;
                assert!(before >= worst, "{name} x {k}: {:?}", found.steps);
                assert!(found.replay.is_some());
            }
        }
    }
}

/// A lock taken twice by one thread while another waits after its first step; a try_lock that
/// takes it bypasses the waiter but never waits itself.
#[test]
fn a_lock_is_bypassed_by_every_take_after_the_waiters_last_step() {
    let program = vec![
        vec![Lock(0), Unlock(0), Lock(0), Unlock(0)],
        vec![Load(1), Lock(0), Unlock(0)],
        vec![TryLock(0), Unlock(0)],
    ];
    let truth = oracle::enumerate(&program, 0);
    let report = run(&ProgramLab::new(program), Checker::Dpor);
    assert_eq!(truth.bypass, [("l0", 3)].into_iter().collect());
    assert_eq!(bypass(&report), truth.bypass);
}

/// Found by the differential run: a spin loop that reads the same cell twice a turn (`while x
/// == 0 && x == 1 {}`), beside threads that store to that cell, made the SC checker stop with
/// "the lab did not repeat itself on the same schedule". Its turn saw the cell change (0, then
/// 1): the next turn need not repeat it, and it is no spin.
#[test]
fn a_spin_loop_that_reads_one_cell_twice_a_turn() {
    let program = vec![
        vec![Store(1, 1)],
        vec![Store(1, 1), Store(1, 0), Store(2, 0)],
        vec![SpinWhile(1, 0, 1, 1), Store(2, 0)],
    ];
    let truth = oracle::enumerate(&program, 0);
    let report = run(&ProgramLab::new(program), Checker::Dpor);
    assert_eq!(states(&report), truth.states);
}
