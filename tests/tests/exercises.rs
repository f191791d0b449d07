//! Every exercise file graded in-process, by the same plan as `racelab exercise check`: every
//! stub and known-wrong solution fails with a counterexample, every solution is verified. And
//! the catalogue (exercises.toml) agrees with the files on disk and with this table.

use crate::common::outcomes;
use racelab::exercise::{catalog, grade, Exercise, Grade};
use racelab_core::exercise::STUDENT;
use racelab_core::explore::{explore, ExploreRequest};
use racelab_core::{Checker, Declared, Equivalence, Lab, Params, Report};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a file is to an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Stub,
    Solution,
    AlsoCorrect,
    Wrong,
}

/// One file graded for one exercise.
struct Case {
    exercise: &'static str,
    role: Role,
    name: &'static str,
    grade: fn(&Exercise) -> Grade,
}

fn graded(exercise: &Exercise, lab: impl Lab) -> Grade {
    grade(exercise, lab.info(), |request| explore(&lab, request))
        .expect("the catalogue's sizes are valid")
}

/// Declares each file as a module once, and the cases that grade it.
macro_rules! files {
    ($($module:ident = $lab:ident $path:literal: $(($exercise:literal, $role:ident, $name:literal))+;)*) => {
        $(
            #[path = $path]
            #[allow(dead_code)]
            mod $module;
        )*
        fn cases() -> Vec<Case> {
            vec![$($(Case {
                exercise: $exercise,
                role: Role::$role,
                name: $name,
                grade: |exercise| graded(exercise, $lab::student_lab!($module)),
            },)+)*]
        }
    };
}

files! {
    counter_stub = counter_race "../../labs/counter-race/exercises/stubs/counter.rs":
        ("counter", Stub, "counter");
    counter_solution = counter_race "../../labs/counter-race/exercises/solutions/counter.rs":
        ("counter", Solution, "counter");
    counter_fetch_add = counter_race "../../labs/counter-race/exercises/solutions/counter-fetch-add.rs":
        ("counter", AlsoCorrect, "counter-fetch-add");
    counter_cas_loop = counter_race "../../labs/counter-race/exercises/solutions/counter-cas-loop.rs":
        ("counter", AlsoCorrect, "counter-cas-loop");
    counter_lock_store_only = counter_race "../../labs/counter-race/exercises/wrong/lock-store-only.rs":
        ("counter", Wrong, "lock-store-only");
    counter_two_critical_sections = counter_race "../../labs/counter-race/exercises/wrong/two-critical-sections.rs":
        ("counter", Wrong, "two-critical-sections");
    counter_cas_without_retry = counter_race "../../labs/counter-race/exercises/wrong/cas-without-retry.rs":
        ("counter", Wrong, "cas-without-retry");
    counter_flag = counter_race "../../labs/counter-race/exercises/wrong/flag-checked-then-set.rs":
        ("counter", Wrong, "flag-checked-then-set")
        ("spin-lock", Wrong, "flag-checked-then-set");
    spin_lock_stub = counter_race "../../labs/counter-race/exercises/stubs/spin-lock.rs":
        ("spin-lock", Stub, "spin-lock");
    spin_lock_solution = counter_race "../../labs/counter-race/exercises/solutions/spin-lock.rs":
        ("spin-lock", Solution, "spin-lock");
    spin_lock_ttas = counter_race "../../labs/counter-race/exercises/solutions/spin-lock-ttas.rs":
        ("spin-lock", AlsoCorrect, "spin-lock-ttas");
    spin_lock_unlock_too_early = counter_race "../../labs/counter-race/exercises/wrong/unlock-too-early.rs":
        ("spin-lock", Wrong, "unlock-too-early");
    bank_stub = bank_race "../../labs/bank-race/exercises/stubs/bank.rs":
        ("bank", Stub, "bank");
    bank_lwo_stub = bank_race "../../labs/bank-race/exercises/stubs/bank-lock-write-only.rs":
        ("bank-lock-write-only", Stub, "bank-lock-write-only");
    bank_solution = bank_race "../../labs/bank-race/exercises/solutions/bank.rs":
        ("bank", Solution, "bank");
    bank_lwo_solution = bank_race "../../labs/bank-race/exercises/solutions/bank-lock-write-only.rs":
        ("bank-lock-write-only", Solution, "bank-lock-write-only");
    bank_cas_loop = bank_race "../../labs/bank-race/exercises/solutions/bank-cas-loop.rs":
        ("bank", AlsoCorrect, "bank-cas-loop")
        ("bank-lock-write-only", AlsoCorrect, "bank-cas-loop");
    bank_spin_lock = bank_race "../../labs/bank-race/exercises/solutions/bank-spin-lock.rs":
        ("bank", AlsoCorrect, "bank-spin-lock");
    bank_spin_never_released = bank_race "../../labs/bank-race/exercises/wrong/spin-lock-never-released.rs":
        ("bank", Wrong, "spin-lock-never-released");
    bank_lock_write_only = bank_race "../../labs/bank-race/exercises/wrong/lock-write-only.rs":
        ("bank", Wrong, "lock-write-only");
    bank_check_outside_lock = bank_race "../../labs/bank-race/exercises/wrong/check-outside-lock.rs":
        ("bank", Wrong, "check-outside-lock")
        ("bank-lock-write-only", Wrong, "check-outside-lock");
    bank_lock_check_only = bank_race "../../labs/bank-race/exercises/wrong/lock-check-only.rs":
        ("bank", Wrong, "lock-check-only")
        ("bank-lock-write-only", Wrong, "lock-check-only");
    bank_cas_ignores_failure = bank_race "../../labs/bank-race/exercises/wrong/cas-ignores-failure.rs":
        ("bank", Wrong, "cas-ignores-failure");
    bank_flag = bank_race "../../labs/bank-race/exercises/wrong/flag-checked-then-set.rs":
        ("bank", Wrong, "flag-checked-then-set");
    transfer_stub = transfer_race "../../labs/transfer-race/exercises/stubs/transfer.rs":
        ("transfer", Stub, "transfer");
    transfer_solution = transfer_race "../../labs/transfer-race/exercises/solutions/transfer.rs":
        ("transfer", Solution, "transfer");
    transfer_global_lock = transfer_race "../../labs/transfer-race/exercises/solutions/transfer-global-lock.rs":
        ("transfer", AlsoCorrect, "transfer-global-lock");
    transfer_lock_source_only = transfer_race "../../labs/transfer-race/exercises/wrong/lock-source-only.rs":
        ("transfer", Wrong, "lock-source-only");
    transfer_destination_first = transfer_race "../../labs/transfer-race/exercises/wrong/destination-first.rs":
        ("transfer", Wrong, "destination-first");
    async_stub = async_bank_race "../../labs/async-bank-race/exercises/stubs/async-bank.rs":
        ("async-bank", Stub, "async-bank");
    async_solution = async_bank_race "../../labs/async-bank-race/exercises/solutions/async-bank.rs":
        ("async-bank", Solution, "async-bank");
    async_audit = async_bank_race "../../labs/async-bank-race/exercises/solutions/async-bank-audit.rs":
        ("async-bank", AlsoCorrect, "async-bank-audit")
        ("async-bank-audit", Solution, "async-bank-audit");
    async_audit_stub = async_bank_race "../../labs/async-bank-race/exercises/stubs/async-bank-audit.rs":
        ("async-bank-audit", Stub, "async-bank-audit");
    async_lock_after_check = async_bank_race "../../labs/async-bank-race/exercises/wrong/lock-after-check.rs":
        ("async-bank", Wrong, "lock-after-check")
        ("async-bank-audit", Wrong, "lock-after-check");
    async_lock_released = async_bank_race "../../labs/async-bank-race/exercises/wrong/lock-released-before-approval.rs":
        ("async-bank-audit", Wrong, "lock-released-before-approval");
    pool_stub = pool_race "../../labs/pool-race/exercises/stubs/pool.rs":
        ("pool", Stub, "pool");
    pool_solution = pool_race "../../labs/pool-race/exercises/solutions/pool.rs":
        ("pool", Solution, "pool");
    pool_locked = pool_race "../../labs/pool-race/exercises/solutions/pool-locked.rs":
        ("pool", AlsoCorrect, "pool-locked");
    pool_lock_load_only = pool_race "../../labs/pool-race/exercises/wrong/lock-load-only.rs":
        ("pool", Wrong, "lock-load-only");
    bounded_buffer_stub_bounded_buffer = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/stubs/bounded-buffer.rs":
        ("bounded-buffer", Stub, "bounded-buffer");
    bounded_buffer_solution_bounded_buffer = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/solutions/bounded-buffer.rs":
        ("bounded-buffer", Solution, "bounded-buffer");
    bounded_buffer_wrong_one_condvar = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/wrong/one-condvar.rs":
        ("bounded-buffer", Wrong, "one-condvar");
    bounded_buffer_wrong_notify_before_put = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/wrong/notify-before-put.rs":
        ("bounded-buffer", Wrong, "notify-before-put");
    bounded_buffer_stub_bounded_buffer_one_condvar = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/stubs/bounded-buffer-one-condvar.rs":
        ("bounded-buffer-one-condvar", Stub, "bounded-buffer-one-condvar");
    bounded_buffer_solution_bounded_buffer_one_condvar = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/solutions/bounded-buffer-one-condvar.rs":
        ("bounded-buffer-one-condvar", Solution, "bounded-buffer-one-condvar");
    bounded_buffer_wrong_notify_all_with_if = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/wrong/notify-all-with-if.rs":
        ("bounded-buffer-one-condvar", Wrong, "notify-all-with-if");
    bounded_buffer_stub_bounded_buffer_semaphores = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/stubs/bounded-buffer-semaphores.rs":
        ("bounded-buffer-semaphores", Stub, "bounded-buffer-semaphores");
    bounded_buffer_solution_bounded_buffer_semaphores = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/solutions/bounded-buffer-semaphores.rs":
        ("bounded-buffer-semaphores", Solution, "bounded-buffer-semaphores");
    bounded_buffer_wrong_mutex_outside = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/wrong/mutex-outside.rs":
        ("bounded-buffer-semaphores", Wrong, "mutex-outside");
    bounded_buffer_wrong_item_released_before_put = bounded_buffer_race "../../labs/bounded-buffer-race/exercises/wrong/item-released-before-put.rs":
        ("bounded-buffer-semaphores", Wrong, "item-released-before-put");
    philosophers_stub_philosophers = philosophers_race "../../labs/philosophers-race/exercises/stubs/philosophers.rs":
        ("philosophers", Stub, "philosophers");
    philosophers_solution_philosophers = philosophers_race "../../labs/philosophers-race/exercises/solutions/philosophers.rs":
        ("philosophers", Solution, "philosophers");
    philosophers_solution_philosophers_waiter = philosophers_race "../../labs/philosophers-race/exercises/solutions/philosophers-waiter.rs":
        ("philosophers", AlsoCorrect, "philosophers-waiter")
        ("philosophers-waiter", Solution, "philosophers-waiter");
    philosophers_wrong_right_then_left = philosophers_race "../../labs/philosophers-race/exercises/wrong/right-then-left.rs":
        ("philosophers", Wrong, "right-then-left")
        ("philosophers-waiter", Wrong, "right-then-left");
    philosophers_wrong_odd_one_out_the_same = philosophers_race "../../labs/philosophers-race/exercises/wrong/odd-one-out-the-same.rs":
        ("philosophers", Wrong, "odd-one-out-the-same");
    philosophers_stub_philosophers_waiter = philosophers_race "../../labs/philosophers-race/exercises/stubs/philosophers-waiter.rs":
        ("philosophers-waiter", Stub, "philosophers-waiter");
    philosophers_wrong_seat_left_early = philosophers_race "../../labs/philosophers-race/exercises/wrong/seat-left-early.rs":
        ("philosophers-waiter", Wrong, "seat-left-early");
    readers_writers_stub_readers_writers = readers_writers_race "../../labs/readers-writers-race/exercises/stubs/readers-writers.rs":
        ("readers-writers", Stub, "readers-writers");
    readers_writers_solution_readers_writers = readers_writers_race "../../labs/readers-writers-race/exercises/solutions/readers-writers.rs":
        ("readers-writers", Solution, "readers-writers")
        ("readers-writers-rwlock", AlsoCorrect, "readers-writers");
    readers_writers_solution_readers_writers_rwlock = readers_writers_race "../../labs/readers-writers-race/exercises/solutions/readers-writers-rwlock.rs":
        ("readers-writers", AlsoCorrect, "readers-writers-rwlock")
        ("readers-writers-rwlock", Solution, "readers-writers-rwlock");
    readers_writers_solution_readers_writers_no_starve = readers_writers_race "../../labs/readers-writers-race/exercises/solutions/readers-writers-no-starve.rs":
        ("readers-writers", AlsoCorrect, "readers-writers-no-starve")
        ("readers-writers-no-starve", Solution, "readers-writers-no-starve");
    readers_writers_wrong_count_without_lock = readers_writers_race "../../labs/readers-writers-race/exercises/wrong/count-without-lock.rs":
        ("readers-writers", Wrong, "count-without-lock")
        ("readers-writers-no-starve", Wrong, "count-without-lock");
    readers_writers_wrong_read_lock_for_writer = readers_writers_race "../../labs/readers-writers-race/exercises/wrong/read-lock-for-writer.rs":
        ("readers-writers", Wrong, "read-lock-for-writer")
        ("readers-writers-rwlock", Wrong, "read-lock-for-writer");
    readers_writers_stub_readers_writers_rwlock = readers_writers_race "../../labs/readers-writers-race/exercises/stubs/readers-writers-rwlock.rs":
        ("readers-writers-rwlock", Stub, "readers-writers-rwlock");
    readers_writers_stub_readers_writers_no_starve = readers_writers_race "../../labs/readers-writers-race/exercises/stubs/readers-writers-no-starve.rs":
        ("readers-writers-no-starve", Stub, "readers-writers-no-starve");
    readers_writers_wrong_rwlock_starves_too = readers_writers_race "../../labs/readers-writers-race/exercises/wrong/rwlock-starves-too.rs":
        ("readers-writers-no-starve", Wrong, "rwlock-starves-too");
    barrier_stub_barrier_one_round = barrier_race "../../labs/barrier-race/exercises/stubs/barrier-one-round.rs":
        ("barrier-one-round", Stub, "barrier-one-round");
    barrier_solution_barrier_one_round = barrier_race "../../labs/barrier-race/exercises/solutions/barrier-one-round.rs":
        ("barrier-one-round", Solution, "barrier-one-round");
    barrier_wrong_racy_count = barrier_race "../../labs/barrier-race/exercises/wrong/racy-count.rs":
        ("barrier-one-round", Wrong, "racy-count")
        ("barrier", Wrong, "racy-count");
    barrier_wrong_one_permit = barrier_race "../../labs/barrier-race/exercises/wrong/one-permit.rs":
        ("barrier-one-round", Wrong, "one-permit");
    barrier_stub_barrier = barrier_race "../../labs/barrier-race/exercises/stubs/barrier.rs":
        ("barrier", Stub, "barrier");
    barrier_solution_barrier = barrier_race "../../labs/barrier-race/exercises/solutions/barrier.rs":
        ("barrier", Solution, "barrier");
    barrier_wrong_turnstile_once = barrier_race "../../labs/barrier-race/exercises/wrong/turnstile-once.rs":
        ("barrier", Wrong, "turnstile-once");
    locks_by_hand_stub_peterson = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/stubs/peterson.rs":
        ("peterson", Stub, "peterson");
    locks_by_hand_solution_peterson = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/solutions/peterson.rs":
        ("peterson", Solution, "peterson");
    locks_by_hand_wrong_turn_first = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/wrong/turn-first.rs":
        ("peterson", Wrong, "turn-first");
    locks_by_hand_wrong_flag_first_no_turn = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/wrong/flag-first-no-turn.rs":
        ("peterson", Wrong, "flag-first-no-turn");
    locks_by_hand_stub_ticket_lock = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/stubs/ticket-lock.rs":
        ("ticket-lock", Stub, "ticket-lock");
    locks_by_hand_solution_ticket_lock = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/solutions/ticket-lock.rs":
        ("ticket-lock", Solution, "ticket-lock");
    locks_by_hand_wrong_ticket_load_then_store = locks_by_hand_race "../../labs/locks-by-hand-race/exercises/wrong/ticket-load-then-store.rs":
        ("ticket-lock", Wrong, "ticket-load-then-store");
    publish_stub = publish_race "../../labs/publish-race/exercises/stubs/publish.rs":
        ("publish", Stub, "publish");
    publish_solution = publish_race "../../labs/publish-race/exercises/solutions/publish.rs":
        ("publish", Solution, "publish");
    publish_seqcst = publish_race "../../labs/publish-race/exercises/solutions/publish-seqcst.rs":
        ("publish", AlsoCorrect, "publish-seqcst");
    publish_release_store_only = publish_race "../../labs/publish-race/exercises/wrong/release-store-only.rs":
        ("publish", Wrong, "release-store-only");
    publish_ordered_data = publish_race "../../labs/publish-race/exercises/wrong/ordered-data-not-flag.rs":
        ("publish", Wrong, "ordered-data-not-flag");
    publish_fence_stub = publish_race "../../labs/publish-race/exercises/stubs/publish-fence.rs":
        ("publish-fence", Stub, "publish-fence");
    publish_fence = publish_race "../../labs/publish-race/exercises/solutions/publish-fence.rs":
        ("publish-fence", Solution, "publish-fence")
        ("publish", AlsoCorrect, "publish-fence");
    publish_writer_fence_only = publish_race "../../labs/publish-race/exercises/wrong/writer-fence-only.rs":
        ("publish-fence", Wrong, "writer-fence-only");
    publish_fence_after_flag = publish_race "../../labs/publish-race/exercises/wrong/fence-after-the-flag.rs":
        ("publish-fence", Wrong, "fence-after-the-flag");
    dekker_stub = dekker_race "../../labs/dekker-race/exercises/stubs/dekker.rs":
        ("dekker", Stub, "dekker");
    dekker_solution = dekker_race "../../labs/dekker-race/exercises/solutions/dekker.rs":
        ("dekker", Solution, "dekker");
    dekker_release_acquire = dekker_race "../../labs/dekker-race/exercises/wrong/release-acquire.rs":
        ("dekker", Wrong, "release-acquire");
    dekker_seqcst_store_only = dekker_race "../../labs/dekker-race/exercises/wrong/seqcst-store-only.rs":
        ("dekker", Wrong, "seqcst-store-only");
    dekker_fence_stub = dekker_race "../../labs/dekker-race/exercises/stubs/dekker-fence.rs":
        ("dekker-fence", Stub, "dekker-fence");
    dekker_fence = dekker_race "../../labs/dekker-race/exercises/solutions/dekker-fence.rs":
        ("dekker-fence", Solution, "dekker-fence")
        ("dekker", AlsoCorrect, "dekker-fence");
    dekker_acq_rel_fence = dekker_race "../../labs/dekker-race/exercises/wrong/acq-rel-fence.rs":
        ("dekker-fence", Wrong, "acq-rel-fence")
        ("dekker", Wrong, "acq-rel-fence");
    dekker_fence_before_store = dekker_race "../../labs/dekker-race/exercises/wrong/fence-before-the-store.rs":
        ("dekker-fence", Wrong, "fence-before-the-store");
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The violating report of a broken grade, after checking it has a counterexample.
fn counterexample_of(grade: &Grade, what: &str) -> Report {
    let Grade::Broken(report) = grade else {
        panic!("{what}: expected a counterexample, got {grade:?}");
    };
    let cx = report
        .counterexample
        .as_ref()
        .unwrap_or_else(|| panic!("{what}: no counterexample"));
    assert_ne!(cx.verdict, racelab_core::OK, "{what}");
    assert!(!cx.steps.is_empty(), "{what}: an empty trace");
    assert!(
        cx.steps
            .iter()
            .all(|s| s.file.ends_with(".rs") && s.line > 0),
        "{what}: every step points at a line of the exercise file"
    );
    (**report).clone()
}

fn check_cases(role: impl Fn(Role) -> bool) {
    for case in cases().iter().filter(|c| role(c.role)) {
        let exercise = catalog().find(case.exercise).unwrap();
        let what = format!("{} {:?} {}", case.exercise, case.role, case.name);
        let grade = (case.grade)(exercise);
        match case.role {
            Role::Stub | Role::Wrong => {
                counterexample_of(&grade, &what);
            }
            Role::Solution | Role::AlsoCorrect => {
                let Grade::Verified { model, bigger } = &grade else {
                    panic!("{what}: expected verified, got {grade:?}");
                };
                // The pool's reference shares nothing: it has one class of interleavings. Every
                // other solution shares state, and has more.
                let shares = case.name != "pool";
                assert!(
                    model.exhaustive && (model.executions > 1 || !shares),
                    "{what}: {model:?}"
                );
                // The checker that judged is the one whose model covers the file's orderings.
                let judge = if model.weak_orderings.is_empty() {
                    racelab_core::Checker::Dpor
                } else {
                    racelab_core::Checker::Loom
                };
                assert_eq!(model.checker, Some(judge), "{what}");
                assert_eq!(bigger.is_some(), exercise.bigger.is_some(), "{what}");
                if let Some(bigger) = bigger {
                    assert!(bigger.exhaustive, "{what}: {bigger:?}");
                    assert_eq!(bigger.checker, Some(judge), "{what}");
                }
            }
        }
    }
}

#[test]
fn every_stub_fails_with_a_counterexample() {
    check_cases(|role| role == Role::Stub);
}

// The reference solutions and the other correct ones in two tests, which run side by side.
#[test]
fn every_solution_is_verified() {
    check_cases(|role| role == Role::Solution);
}

#[test]
fn every_other_correct_solution_is_verified() {
    check_cases(|role| role == Role::AlsoCorrect);
}

#[test]
fn every_known_wrong_solution_fails_with_a_counterexample() {
    check_cases(|role| role == Role::Wrong);
}

/// The catalogue, the files on disk and the table above say the same thing.
#[test]
fn the_catalogue_matches_the_files_and_the_tests() {
    let root = root();
    let mut expected = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut listed_files = BTreeSet::new();
    let mut dirs = BTreeSet::new();
    for exercise in &catalog().exercises {
        let name = exercise.name.as_str();
        assert!(names.insert(name), "exercise '{name}' twice");
        assert!(
            racelab_labs::find(&exercise.lab).is_ok(),
            "{name}: unknown lab '{}'",
            exercise.lab
        );
        assert_eq!(
            exercise.hints.len(),
            3,
            "{name}: three hints, from a nudge to nearly the answer"
        );
        assert!(
            !exercise.task.is_empty() && !exercise.invariant.is_empty(),
            "{name}"
        );
        let stub = read(&exercise.stub(&root));
        assert!(
            stub.contains("// TODO:"),
            "{name}: the stub marks what to change"
        );
        assert!(
            ["pub fn", "pub async fn"]
                .iter()
                .any(|start| stub.contains(&format!("{start} {}<", exercise.function))),
            "{name}: the stub defines `{}`",
            exercise.function
        );
        assert!(
            stub.contains(&format!("racelab exercise check {name}")),
            "{name}: the stub says how to check it"
        );
        let mut files = vec![
            (Role::Stub, name.to_string(), exercise.stub(&root)),
            (Role::Solution, name.to_string(), exercise.solution(&root)),
        ];
        for other in &exercise.also_correct {
            files.push((
                Role::AlsoCorrect,
                other.clone(),
                exercise.solution_named(&root, other),
            ));
        }
        for wrong in &exercise.known_wrong {
            files.push((Role::Wrong, wrong.clone(), exercise.wrong(&root, wrong)));
        }
        for (role, file, path) in files {
            read(&path);
            expected.insert((name.to_string(), role, file));
            listed_files.insert(path.canonicalize().unwrap());
        }
        dirs.insert(root.join(&exercise.dir));
    }
    let tested: BTreeSet<_> = cases()
        .iter()
        .map(|c| (c.exercise.to_string(), c.role, c.name.to_string()))
        .collect();
    assert_eq!(
        tested, expected,
        "the table in this file and exercises.toml disagree"
    );
    for dir in dirs {
        for sub in ["stubs", "solutions", "wrong"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let path = entry.unwrap().path().canonicalize().unwrap();
                assert!(
                    listed_files.contains(&path),
                    "{} is in no exercise",
                    path.display()
                );
            }
        }
    }
}

/// Random schedules alone would pass this wrong fix most of the time; loom catches it.
#[test]
fn a_wrong_fix_that_survives_most_random_schedules_is_still_caught() {
    use racelab_core::explore::ExploreRequest;
    use racelab_core::Checker;
    let exercise = catalog().find("counter").unwrap();
    let lab = counter_race::student_lab!(counter_flag);
    let mut request = ExploreRequest::new(
        racelab_core::exercise::STUDENT,
        exercise.model.params(lab.info()).unwrap(),
        Checker::Random,
    );
    request.budget.max_executions = Some(1000);
    let random = explore(&lab, &request).unwrap();
    assert!(
        random.violations * 2 < random.executions,
        "{} of {} random schedules fail: pick a subtler wrong fix",
        random.violations,
        random.executions
    );
    counterexample_of(&graded(exercise, lab), "flag-checked-then-set");
}

/// A report of `variant` of `lab` under racelab's SC checker, at its model size.
fn sc_report(lab: &str, variant: &str, max_executions: Option<u64>) -> Report {
    let lab = racelab_labs::find(lab).unwrap();
    let info = lab.info();
    let params =
        racelab_core::Params::sized(info, info.model_sizes.threads, info.model_sizes.iters);
    let mut request =
        racelab_core::explore::ExploreRequest::new(variant, params, racelab_core::Checker::Dpor);
    request.budget.max_executions = max_executions;
    lab.explore(&request).unwrap()
}

/// Grades the counter exercise with `reports` standing in for its two explorations.
fn grade_with(reports: Vec<Report>) -> Grade {
    let exercise = catalog().find("counter").unwrap();
    let mut reports = reports.into_iter();
    grade(exercise, counter_race::CounterLab.info(), |_| {
        Ok(reports.next().expect("two explorations at most"))
    })
    .unwrap()
}

fn failure_of(grade: Grade) -> String {
    match grade {
        Grade::Failed { message, .. } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// Grading asks for loom where the code uses weaker orderings; should an SC report that cannot
/// see them come back all the same, it is not taken for a verdict.
#[test]
fn an_sc_report_blind_to_weaker_orderings_is_not_verified() {
    let weak = sc_report("publish", "relaxed", None);
    let message = failure_of(grade_with(vec![weak]));
    assert!(message.contains("Relaxed orderings"), "{message}");
}

/// ... and says why: executions that took a millisecond or more each are slow; quicker ones are
/// too many.
#[test]
fn an_exploration_cut_short_at_either_size_is_not_verified() {
    let whole = sc_report("counter", "mutex", None);
    let mut cut = sc_report("counter", "mutex", Some(1));
    assert!(whole.exhaustive && !cut.exhaustive);
    assert!(grade_with(vec![whole.clone(), whole.clone()]).verified());
    // (Its one execution's time, set: measured, it would be chance.)
    cut.elapsed_ms = 0.5;
    let Grade::Failed { cause, message, .. } = grade_with(vec![cut.clone()]) else {
        panic!("a cut exploration is not a verdict");
    };
    assert_eq!(cause, racelab::exercise::Cause::TooManyExecutions);
    assert!(message.contains("each was quick"), "{message}");
    assert_eq!(cut.violations, 0);
    assert!(
        message.contains("None of them broke the invariant"),
        "{message}"
    );
    cut.elapsed_ms = 1.0;
    for (reports, bigger) in [(vec![cut.clone()], false), (vec![whole, cut.clone()], true)] {
        let Grade::Failed {
            message,
            cause,
            explored,
            at_bigger,
            ..
        } = grade_with(reports)
        else {
            panic!("a cut exploration is not a verdict");
        };
        assert_eq!(at_bigger, bigger, "where it stopped");
        assert_eq!(cause, racelab::exercise::Cause::Unfinished);
        assert_eq!(explored, cut.executions, "the executions it did explore");
        let said = format!(
            "explored {} executions, not every behaviour",
            cut.executions
        );
        assert!(message.contains(&said), "{message}");
    }
}

/// A memory-ordering exercise is graded by loom where the file uses weaker orderings, and a
/// correct file stronger than needed is told so: SeqCst everywhere passes `publish`, with a note.
#[test]
fn stronger_than_needed_passes_with_a_note_and_weak_code_is_judged_by_loom() {
    let stronger = |name: &str| {
        let case = cases()
            .into_iter()
            .find(|c| c.exercise == "publish" && c.name == name && c.role != Role::Stub)
            .unwrap();
        let exercise = catalog().find("publish").unwrap();
        let Grade::Verified { model, .. } = (case.grade)(exercise) else {
            panic!("{name} is correct");
        };
        let weakest = exercise.weakest.as_ref().unwrap();
        weakest.note_for(&model.weak_orderings).is_some()
    };
    assert!(stronger("publish-seqcst"));
    assert!(!stronger("publish"));
    assert!(!stronger("publish-fence"));
    for (exercise, name) in [("publish", "publish"), ("dekker", "release-acquire")] {
        let case = cases()
            .into_iter()
            .find(|c| c.exercise == exercise && c.name == name)
            .unwrap();
        let report = counterexample_of(&(case.grade)(catalog().find(exercise).unwrap()), name);
        assert_eq!(report.checker, Some(racelab_core::Checker::Loom), "{name}");
    }
}

/// A student's file explored by the SC checker at `threads` x `iters`, with thread symmetry or
/// without (the floor).
fn explored(lab: &impl Lab, threads: usize, iters: u64, symmetry: bool) -> Report {
    let params = Params::sized(lab.info(), threads, iters);
    let mut request = ExploreRequest::new(STUDENT, params, Checker::Dpor);
    request.symmetry = symmetry;
    explore(lab, &request).expect("explores")
}

/// With thread symmetry, a report says how many Mazurkiewicz classes its executions stand for
/// only where that is exact: it is, where no spin loop was waited out (the mutex counter: 15
/// orbits standing for the floor's 90); where one was, the floor waits out turns of the loop
/// too, an orbit's size need not count its classes, and the count is not claimed (the test and
/// test-and-set lock: its orbits stood for 1,686 classes, the floor has 1,638).
#[test]
fn classes_are_claimed_only_where_no_spin_loop_was_waited_out() {
    let mutex = counter_race::student_lab!(counter_solution);
    let (orbits, floor) = (explored(&mutex, 3, 2, true), explored(&mutex, 3, 2, false));
    assert_eq!(orbits.equivalence, Some(Equivalence::Symmetry));
    assert!(
        orbits.executions < floor.executions,
        "{}",
        orbits.executions
    );
    assert_eq!(orbits.classes, Some(floor.executions));
    assert_eq!(outcomes(&orbits), outcomes(&floor));
    let spinning = counter_race::student_lab!(spin_lock_ttas);
    let (orbits, floor) = (
        explored(&spinning, 3, 1, true),
        explored(&spinning, 3, 1, false),
    );
    assert_eq!(orbits.equivalence, Some(Equivalence::Symmetry));
    assert!(orbits.exhaustive && floor.exhaustive);
    assert_eq!(orbits.classes, None, "a spin loop was waited out");
    assert_eq!(outcomes(&orbits), outcomes(&floor));
}

/// A counterexample in which a thread waits for ever gets the hint about waiting, true of one
/// stuck thread (readers-writers, its count racing below zero) as of a circle of them (the
/// philosophers), and not the exercise's first hint, which reads the race the exercise teaches.
#[test]
fn a_thread_that_waits_for_ever_gets_the_hint_about_waiting() {
    for (exercise, name) in [
        ("philosophers", "right-then-left"),
        ("readers-writers", "count-without-lock"),
    ] {
        let case = cases()
            .into_iter()
            .find(|c| c.exercise == exercise && c.name == name)
            .unwrap();
        let exercise = catalog().find(exercise).unwrap();
        let info = racelab_labs::find(&exercise.lab).unwrap().info();
        let graded = (case.grade)(exercise);
        let text = racelab::exercise::verdict::text(exercise, info, &graded, "file.rs", "");
        assert!(text.contains("a thread waits for ever"), "{name}: {text}");
        assert!(!text.contains(&exercise.hints[0]), "{name}: {text}");
    }
}
