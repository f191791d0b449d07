//! The waiting primitives in small programs whose bug only one of their choices reveals, as
//! loom's and shuttle's own tests do: racelab's SC checker finds each bug (with its trace) and
//! proves each correction, with no redundant execution.

use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use racelab_core::explore::dpor::play::{Next, Played, Position};
use racelab_core::explore::{explore, ExploreRequest};
use racelab_core::trace::Action;
use racelab_core::{
    Barrier, Cell, Channel, Checker, Condvar, Ctx, Declared, Lab, LabInfo, Lock, Params, Report,
    Runtime, Semaphore, State, VariantInfo, VariantKind, Window,
};

/// Everything the scenarios share: a lock with two condition variables, counters, a barrier for
/// two, a semaphore counting queued items and a channel.
#[derive(Debug)]
pub struct Shared<R: Runtime> {
    buffer: Lock<R>,
    not_empty: Condvar<R>,
    not_full: Condvar<R>,
    /// Items in the buffer.
    count: Cell<R>,
    /// Takes from an empty buffer, or anything else a scenario calls broken.
    broken: Cell<R>,
    /// How many waiters have arrived, and which of them (by arrival) the `notify_one` woke.
    arrivals: Cell<R>,
    woken_by_one: Cell<R>,
    done: Cell<R>,
    pair: Barrier<R>,
    trio: Barrier<R>,
    items: Semaphore<R>,
    queued: Cell<R>,
    jobs: Channel<R>,
    /// Peterson's lock: each thread's flag, whose turn it is to wait, and who is inside.
    flags: [Cell<R>; 2],
    turn: Cell<R>,
    inside: Cell<R>,
    /// A test-and-test-and-set lock (who holds it), and how many compare-exchanges its first
    /// taker lost.
    held: Cell<R>,
    lost: Cell<R>,
}

type Scenario<R> = fn(&Shared<R>, &Ctx) -> i64;

/// A consumer takes one item: waits while the buffer is empty, with `if` (wrong) or `while`.
fn consume<R: Runtime>(s: &Shared<R>, cx: &Ctx, with_while: bool, notify: &Condvar<R>) {
    let mut guard = s.buffer.lock(cx);
    if with_while {
        while s.count.load(cx) == 0 {
            guard = s.not_empty.wait(cx, guard);
        }
    } else if s.count.load(cx) == 0 {
        guard = s.not_empty.wait(cx, guard);
    }
    let count = s.count.load(cx);
    if count == 0 {
        s.broken.store(cx, 1);
    } else {
        s.count.store(cx, count - 1);
    }
    notify.notify_one(cx);
    drop(guard);
}

/// A producer puts one item in a buffer of capacity 1, waiting on `room` while it is full.
fn produce<R: Runtime>(s: &Shared<R>, cx: &Ctx, room: &Condvar<R>, wake: impl Fn()) {
    let mut guard = s.buffer.lock(cx);
    while s.count.load(cx) >= 1 {
        guard = room.wait(cx, guard);
    }
    s.count.store(cx, s.count.load(cx) + 1);
    wake();
    drop(guard);
}

/// Thread 1 produces one item; thread 2 consumes it with `if` around its wait.
fn if_wait<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    match cx.thread() {
        1 => produce(s, cx, &s.not_full, || s.not_empty.notify_one(cx)),
        _ => consume(s, cx, false, &s.not_full),
    }
    0
}

/// The same with `while`.
fn while_wait<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    match cx.thread() {
        1 => produce(s, cx, &s.not_full, || s.not_empty.notify_one(cx)),
        _ => consume(s, cx, true, &s.not_full),
    }
    0
}

/// One producer (thread 1) of two items and two consumers with `if`; the producer wakes them
/// all: a consumer can steal the item from the one it woke.
fn if_wait_notify_all<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    match cx.thread() {
        1 => {
            for _ in 0..2 {
                produce(s, cx, &s.not_full, || s.not_empty.notify_all(cx));
            }
        }
        _ => consume(s, cx, false, &s.not_full),
    }
    0
}

/// A buffer of capacity 1, thread 1 producing two items, threads 2 and 3 consuming one each,
/// with one condition variable and `notify_one`: a consumer can wake the other consumer.
fn one_condvar<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    match cx.thread() {
        1 => {
            for _ in 0..2 {
                produce(s, cx, &s.not_empty, || s.not_empty.notify_one(cx));
            }
        }
        _ => consume(s, cx, true, &s.not_empty),
    }
    0
}

/// The same with a condition variable for each side.
fn two_condvars<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    match cx.thread() {
        1 => {
            for _ in 0..2 {
                produce(s, cx, &s.not_full, || s.not_empty.notify_one(cx));
            }
        }
        _ => consume(s, cx, true, &s.not_full),
    }
    0
}

/// Two waiters arrive in turn and wait for `done`; once both wait, thread 3 notifies one,
/// then all. Which waiter the `notify_one` wakes is the scheduler's choice (loom always wakes
/// the first).
fn notify_one_choice<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 3 {
        let mut guard = s.buffer.lock(cx);
        while s.arrivals.load(cx) < 2 {
            guard = s.not_full.wait(cx, guard);
        }
        s.not_empty.notify_one(cx);
        drop(guard);
        let guard = s.buffer.lock(cx);
        s.done.store(cx, 1);
        s.not_empty.notify_all(cx);
        drop(guard);
        return 0;
    }
    let mut guard = s.buffer.lock(cx);
    let ticket = s.arrivals.fetch_add(cx, 1);
    s.not_full.notify_one(cx);
    guard = s.not_empty.wait(cx, guard);
    if s.done.load(cx) == 0 && ticket == 1 {
        s.woken_by_one.store(cx, 1);
    }
    while s.done.load(cx) == 0 {
        guard = s.not_empty.wait(cx, guard);
    }
    drop(guard);
    0
}

/// Three threads at a barrier for two.
fn barrier_for_two<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    i64::from(s.pair.wait(cx))
}

/// Three threads at a barrier for three.
fn barrier_for_three<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    i64::from(s.trio.wait(cx))
}

/// Thread 1 announces an item, then enqueues it; thread 2 takes it once announced.
fn released_early<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        s.items.release(cx);
        s.queued.fetch_add(cx, 1);
    } else {
        s.items.acquire(cx);
        if s.queued.fetch_add(cx, -1) <= 0 {
            s.broken.store(cx, 1);
        }
    }
    0
}

/// The same, enqueued first.
fn released_after<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        s.queued.fetch_add(cx, 1);
        s.items.release(cx);
    } else {
        s.items.acquire(cx);
        if s.queued.fetch_add(cx, -1) <= 0 {
            s.broken.store(cx, 1);
        }
    }
    0
}

/// Thread 1 sends two jobs on a rendezvous channel; thread 2 receives them.
fn rendezvous<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        s.jobs.send(cx, 5);
        s.jobs.send(cx, 7);
        0
    } else {
        let first = s.jobs.recv(cx);
        let second = s.jobs.recv(cx);
        if (first, second) != (5, 7) {
            s.broken.store(cx, 1);
        }
        first * 10 + second
    }
}

/// Enters the critical section: `broken` if another thread is inside.
fn critical<R: Runtime>(s: &Shared<R>, cx: &Ctx) {
    if s.inside.fetch_add(cx, 1) != 0 {
        s.broken.store(cx, 1);
    }
    s.inside.fetch_add(cx, -1);
}

/// This thread's flag and the other's, and the other's number.
fn flags<'a, R: Runtime>(s: &'a Shared<R>, cx: &Ctx) -> (&'a Cell<R>, &'a Cell<R>, i64) {
    match cx.thread() {
        1 => (&s.flags[0], &s.flags[1], 2),
        _ => (&s.flags[1], &s.flags[0], 1),
    }
}

/// Peterson's lock, twice per thread: raise the flag, give the other the turn, spin while the
/// other's flag is up and it is their turn (a loop over two cells).
fn peterson<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    let (mine, theirs, other) = flags(s, cx);
    for _ in 0..2 {
        mine.store(cx, 1);
        s.turn.store(cx, other);
        while theirs.load(cx) == 1 && s.turn.load(cx) == other {}
        critical(s, cx);
        mine.store(cx, 0);
    }
    0
}

/// Peterson's lock with the turn given before the flag is raised: both can enter.
fn peterson_turn_first<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    let (mine, theirs, other) = flags(s, cx);
    s.turn.store(cx, other);
    mine.store(cx, 1);
    while theirs.load(cx) == 1 && s.turn.load(cx) == other {}
    critical(s, cx);
    mine.store(cx, 0);
    0
}

/// Wait while the other's flag is up, then raise your own: both can pass the check first.
fn two_flags<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    let (mine, theirs, _) = flags(s, cx);
    while theirs.load(cx) == 1 {}
    mine.store(cx, 1);
    critical(s, cx);
    mine.store(cx, 0);
    0
}

/// Thread 1 waits for both thread 2's flag and the turn; thread 2 raises only its flag.
fn spin_forever<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 2 {
        s.flags[1].store(cx, 1);
        return 0;
    }
    while s.flags[1].load(cx) + s.turn.load(cx) < 2 {}
    0
}

/// Takes the test-and-test-and-set lock `held`: waits while it is held, then tries to take it,
/// and waits again if another thread took it first. Returns how many tries it lost.
fn lock_ttas<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    let mut lost = 0;
    loop {
        while s.held.load(cx) != 0 {}
        if s.held.compare_exchange(cx, 0, cx.thread() as i64).is_ok() {
            return lost;
        }
        lost += 1;
    }
}

/// Thread 2 takes the lock three times; thread 1 once, noting how many tries it lost; thread 3
/// looks. Broken when thread 3 sees thread 1 inside, after losing twice and after thread 2's
/// third turn: thread 1's loop then repeats its last turn but for the value it read last, and
/// its compare-exchange can run at once (a spin rule that took it to wait missed this order).
fn ttas_lost_twice<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    match cx.thread() {
        1 => {
            let lost = lock_ttas(s, cx);
            s.lost.store(cx, lost);
            s.held.store(cx, 0);
        }
        2 => {
            for _ in 0..3 {
                lock_ttas(s, cx);
                s.inside.store(cx, s.inside.load(cx) + 1);
                s.held.store(cx, 0);
            }
        }
        _ => {
            let turns = s.inside.load(cx);
            let holder = s.held.load(cx);
            if turns == 3 && holder == 1 && s.lost.load(cx) == 2 {
                s.broken.store(cx, 1);
            }
        }
    }
    0
}

/// Threads 1 and 2 wait on `not_empty` once; thread 3 notifies one of them. The first woken
/// writes its number in `done`.
fn two_waiters<R: Runtime>(s: &Shared<R>, cx: &Ctx) -> i64 {
    let mut guard = s.buffer.lock(cx);
    if cx.thread() == 3 {
        s.not_empty.notify_one(cx);
        drop(guard);
        return 0;
    }
    guard = s.not_empty.wait(cx, guard);
    if s.done.load(cx) == 0 {
        s.done.store(cx, cx.thread() as i64);
    }
    drop(guard);
    0
}

/// The scenarios, each a variant: its name, kind and threads.
const SCENARIOS: [(&str, VariantKind, usize); 17] = [
    ("if-wait", VariantKind::Racy, 2),
    ("while-wait", VariantKind::Fix, 2),
    ("if-wait-notify-all", VariantKind::Racy, 3),
    ("one-condvar", VariantKind::Racy, 3),
    ("two-condvars", VariantKind::Fix, 3),
    ("notify-one-choice", VariantKind::Racy, 3),
    ("barrier-for-two", VariantKind::Racy, 3),
    ("barrier-for-three", VariantKind::Fix, 3),
    ("released-early", VariantKind::Racy, 2),
    ("released-after", VariantKind::Fix, 2),
    ("rendezvous", VariantKind::Fix, 2),
    ("peterson", VariantKind::Fix, 2),
    ("peterson-turn-first", VariantKind::Racy, 2),
    ("two-flags", VariantKind::Racy, 2),
    ("spin-forever", VariantKind::Racy, 2),
    ("two-waiters", VariantKind::Racy, 3),
    ("ttas-lost-twice", VariantKind::Racy, 3),
];

fn code<R: Runtime>(variant: usize) -> Scenario<R> {
    [
        if_wait::<R>,
        while_wait::<R>,
        if_wait_notify_all::<R>,
        one_condvar::<R>,
        two_condvars::<R>,
        notify_one_choice::<R>,
        barrier_for_two::<R>,
        barrier_for_three::<R>,
        released_early::<R>,
        released_after::<R>,
        rendezvous::<R>,
        peterson::<R>,
        peterson_turn_first::<R>,
        two_flags::<R>,
        spin_forever::<R>,
        two_waiters::<R>,
        ttas_lost_twice::<R>,
    ][variant]
}

/// The lab whose variants are the scenarios.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioLab;

static INFO: LabInfo = LabInfo {
    id: "scenarios",
    crate_name: "racelab-core",
    title: "the waiting primitives' scenarios",
    iteration: "runs",
    variants: &{
        let mut variants = [VariantInfo {
            name: "",
            kind: VariantKind::Fix,
            summary: "a scenario",
            function: "",
        }; SCENARIOS.len()];
        let mut i = 0;
        while i < SCENARIOS.len() {
            variants[i].name = SCENARIOS[i].0;
            variants[i].kind = SCENARIOS[i].1;
            i += 1;
        }
        variants
    },
    ..LabInfo::DEFAULT
};

impl Declared for ScenarioLab {
    type Shared<R: Runtime> = Shared<R>;

    fn info(&self) -> &'static LabInfo {
        &INFO
    }

    fn thread<R: Runtime>(&self, variant: usize, shared: &Shared<R>, cx: &Ctx) -> i64 {
        code::<R>(variant)(shared, cx)
    }
}

impl Lab for ScenarioLab {
    fn setup<R: Runtime>(&self, _params: &Params) -> Shared<R> {
        Shared {
            buffer: Lock::new("buffer"),
            not_empty: Condvar::new("not_empty"),
            not_full: Condvar::new("not_full"),
            count: Cell::new("count", 0),
            broken: Cell::new("broken", 0),
            arrivals: Cell::new("arrivals", 0),
            woken_by_one: Cell::new("woken_by_one", 0),
            done: Cell::new("done", 0),
            pair: Barrier::new("pair", 2),
            trio: Barrier::new("trio", 3),
            items: Semaphore::new("items", 0),
            queued: Cell::new("queued", 0),
            jobs: Channel::bounded("jobs", 0),
            flags: [Cell::new("flag1", 0), Cell::new("flag2", 0)],
            turn: Cell::new("turn", 0),
            inside: Cell::new("inside", 0),
            held: Cell::new("held", 0),
            lost: Cell::new("lost", 0),
        }
    }

    fn observe<R: Runtime>(&self, shared: &Shared<R>, results: &[i64]) -> State {
        let mut state = State::new();
        state.insert("broken".into(), shared.broken.peek());
        state.insert("woken_by_one".into(), shared.woken_by_one.peek());
        state.insert("leaders".into(), results.iter().sum());
        state
    }

    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        let mut state = cells.clone();
        state.insert("stuck".into(), stuck as i64);
        Some(state)
    }

    fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
        let mut found = Vec::new();
        if state.get("broken").is_some_and(|&b| b != 0) {
            found.push("broken".to_string());
        }
        if state.get("woken_by_one").is_some_and(|&w| w != 0) {
            found.push("second waiter woken".to_string());
        }
        found
    }
}

fn explore_with(variant: &str, checker: Checker, spurious: u32) -> Report {
    let threads = SCENARIOS
        .iter()
        .find(|s| s.0 == variant)
        .expect("a scenario")
        .2;
    let params = Params {
        threads,
        iters: 1,
        extra: Default::default(),
    };
    let mut request = ExploreRequest::new(variant, params, checker);
    request.spurious_wakeups = spurious;
    if checker == Checker::Random {
        request.budget.max_executions = Some(500);
    }
    explore(&ScenarioLab, &request).expect("explores")
}

fn verdict(report: &Report) -> Option<String> {
    report.counterexample.as_ref().map(|c| c.verdict.clone())
}

/// The fixes are proven, by one execution per class.
#[test]
fn every_correct_scenario_is_proven_with_no_redundant_execution() {
    for (name, kind, _) in SCENARIOS {
        if kind != VariantKind::Fix {
            continue;
        }
        for spurious in [0, 1] {
            let report = explore_with(name, Checker::Dpor, spurious);
            assert!(report.exhaustive, "{name}");
            assert_eq!(
                report.violations, 0,
                "{name} with {spurious} spurious: {report:?}"
            );
            assert_eq!(report.redundant, Some(0), "{name}");
        }
    }
}

/// The figures the README gives for what spurious wakeups cost.
#[test]
fn spurious_wakeups_multiply_the_classes_of_the_two_condvar_buffer() {
    assert_eq!(
        explore_with("two-condvars", Checker::Dpor, 0).executions,
        36
    );
    assert_eq!(
        explore_with("two-condvars", Checker::Dpor, 1).executions,
        256
    );
}

#[test]
fn an_if_around_a_wait_is_broken_only_by_a_spurious_wakeup_with_one_consumer() {
    let without = explore_with("if-wait", Checker::Dpor, 0);
    assert_eq!(
        without.violations, 0,
        "no notify can be stolen: {without:?}"
    );
    let with = explore_with("if-wait", Checker::Dpor, 1);
    assert_eq!(verdict(&with).as_deref(), Some("broken"));
    let steps = &with
        .counterexample
        .as_ref()
        .expect("a counterexample")
        .steps;
    let spurious = steps
        .iter()
        .find(|s| s.action == Action::Wake)
        .expect("a wake");
    assert_eq!(
        spurious.note.as_deref(),
        Some(" without a notify (spurious)")
    );
    assert_eq!(
        with.spurious_wakeups,
        Some(1),
        "the report states the bound"
    );
    assert_eq!(with.redundant, Some(0));
}

#[test]
fn an_if_around_a_wait_is_broken_by_a_stolen_wakeup_under_notify_all() {
    let report = explore_with("if-wait-notify-all", Checker::Dpor, 0);
    assert!(
        report.outcomes.iter().any(|o| o.verdict == "broken"),
        "{:?}",
        report.outcomes
    );
    assert_eq!(report.redundant, Some(0));
}

#[test]
fn one_condvar_with_notify_one_ends_with_everyone_waiting() {
    let report = explore_with("one-condvar", Checker::Dpor, 0);
    let cx = report.counterexample.as_ref().expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
    let waits: Vec<_> = (cx.steps.iter())
        .filter(|s| s.action == Action::Blocked)
        .collect();
    assert_eq!(
        waits.len(),
        2,
        "the producer and a consumer wait: {:?}",
        cx.steps
    );
    assert!(waits
        .iter()
        .all(|s| s.note.as_deref() == Some(": no thread is left to notify it")));
    // With spurious wakeups allowed the deadlock is still there: a wakeup may never come.
    let report = explore_with("one-condvar", Checker::Dpor, 1);
    assert!(report.outcomes.iter().any(|o| o.verdict == "deadlock"));
    assert_eq!(report.redundant, Some(0));
}

#[test]
fn a_notify_one_may_wake_either_waiter() {
    let report = explore_with("notify-one-choice", Checker::Dpor, 0);
    assert_eq!(verdict(&report).as_deref(), Some("second waiter woken"));
    let cx = report.counterexample.as_ref().expect("a counterexample");
    assert!(
        cx.steps.iter().any(|s| s.action == Action::NotifyOne
            && s.note.as_deref() == Some(" -> wakes t2")
            || s.note.as_deref() == Some(" -> wakes t1")),
        "the notify says whom it woke: {:?}",
        cx.steps
    );
    // loom's notify_one wakes the first waiter only.
    let loom = explore_with("notify-one-choice", Checker::Loom, 0);
    assert_eq!(loom.violations, 0, "loom wakes only its first waiter");
}

#[test]
fn three_threads_at_a_barrier_for_two_leave_one_waiting() {
    let report = explore_with("barrier-for-two", Checker::Dpor, 0);
    let cx = report.counterexample.as_ref().expect("a deadlock");
    assert_eq!(cx.verdict, "deadlock");
    let last = cx.steps.last().expect("steps");
    assert_eq!(last.action, Action::Blocked);
    assert!(last
        .note
        .as_deref()
        .unwrap_or("")
        .contains("1 of 2 arrived"));
    let three = explore_with("barrier-for-three", Checker::Dpor, 0);
    assert!(three.outcomes.iter().all(|o| o.state["leaders"] == 1));
}

#[test]
fn a_semaphore_released_before_its_item_is_enqueued_is_found() {
    let report = explore_with("released-early", Checker::Dpor, 0);
    assert_eq!(verdict(&report).as_deref(), Some("broken"));
    assert_eq!(report.redundant, Some(0));
}

/// Every backend runs the primitives: the fixes hold under shuttle's random schedules and,
/// for the two-thread ones, under loom; shuttle's DFS finds the early release. (Peterson's
/// spin loop is left out: loom and shuttle follow every turn of it.)
#[test]
fn shuttle_and_loom_run_the_primitives_and_find_no_bug_in_the_fixes() {
    for (name, kind, threads) in SCENARIOS {
        if kind != VariantKind::Fix || name == "peterson" {
            continue;
        }
        let mut checkers = vec![Checker::Random];
        if threads == 2 {
            checkers.push(Checker::Loom);
        }
        for checker in checkers {
            let report = explore_with(name, checker, 0);
            assert_eq!(report.violations, 0, "{name} under {checker:?}: {report:?}");
        }
    }
    let report = explore_with("released-early", Checker::Dfs, 0);
    assert_eq!(verdict(&report).as_deref(), Some("broken"));
}

/// A counterexample's token replays exactly its steps: a deadlock where only a spurious wakeup
/// could have moved, and a spurious wakeup itself.
#[test]
fn deadlocks_and_spurious_wakeups_replay_from_their_tokens() {
    for (variant, spurious) in [("one-condvar", 1), ("if-wait", 1), ("barrier-for-two", 0)] {
        let report = explore_with(variant, Checker::Dpor, spurious);
        let cx = report.counterexample.expect("a counterexample");
        let token = cx.replay.as_deref().expect("a token");
        let token = racelab_core::explore::token::decode(token).expect("a token decodes");
        let replayed = racelab_core::explore::replay(&ScenarioLab, &token).expect("replays");
        let again = replayed.counterexample.expect("the same counterexample");
        assert_eq!(again.verdict, cx.verdict, "{variant}");
        assert_eq!(again.steps, cx.steps, "{variant}");
    }
}

/// On real threads (std's condition variable, barrier, channel; racelab's semaphore) the
/// correct scenarios keep their accounting in every trial: nothing taken from an empty buffer,
/// one leader a round, the jobs received in order. (Whether a bug shows on real threads is
/// chance; that a correct program stays correct is not.)
#[test]
fn the_fixes_keep_their_accounting_on_real_threads() {
    for (name, kind, threads) in SCENARIOS {
        if kind != VariantKind::Fix {
            continue;
        }
        let request = racelab_core::runner::RunRequest {
            variant: name.into(),
            params: Params {
                threads,
                iters: 1,
                extra: Default::default(),
            },
            trials: 200,
            window: Window::None,
        };
        let report =
            racelab_core::runner::run_threads(&ScenarioLab, &request, &mut |_| {}).expect("runs");
        assert_eq!(report.executions, 200, "{name}");
        assert_eq!(report.violations, 0, "{name}: {:?}", report.outcomes);
        if name == "barrier-for-three" {
            assert!(report.outcomes.iter().all(|o| o.state["leaders"] == 1));
        }
        if name == "rendezvous" {
            assert!(report.outcomes.iter().all(|o| o.state["leaders"] == 57));
        }
    }
}

/// Busy waiting over two cells: Peterson's lock is proven (its loop alternates two reads, and
/// waits for a write to either), the orders that break it are found, and a spin on a condition
/// nobody completes is a hang whose last step names both cells.
#[test]
fn spin_loops_over_two_cells_wait_for_a_write_to_either() {
    let proven = explore_with("peterson", Checker::Dpor, 0);
    assert!(proven.exhaustive, "{proven:?}");
    assert_eq!(proven.violations, 0, "{proven:?}");
    assert_eq!(proven.redundant, Some(0));
    for racy in ["peterson-turn-first", "two-flags"] {
        let report = explore_with(racy, Checker::Dpor, 0);
        assert_eq!(verdict(&report).as_deref(), Some("broken"), "{racy}");
        assert_eq!(report.redundant, Some(0), "{racy}");
    }
    let hang = explore_with("spin-forever", Checker::Dpor, 0);
    let cx = hang.counterexample.as_ref().expect("a hang");
    assert_eq!(cx.verdict, "hang");
    let last = cx.steps.last().expect("steps");
    assert_eq!(last.action, Action::Spin);
    assert_eq!((&*last.target, last.value), ("flag2", Some(1)));
    assert_eq!(last.note.as_deref(), Some(" or turn (0)"));
}

/// A loop spins only where its turn would read the same values again: thread 1's
/// test-and-test-and-set loop, after losing twice, repeats its last turn's cells and places but
/// saw the lock free on its last read; it may try at once, before thread 3 looks, and the
/// checker finds that order.
#[test]
fn a_turn_that_saw_a_cell_change_is_not_a_spin() {
    let report = explore_with("ttas-lost-twice", Checker::Dpor, 0);
    assert!(report.exhaustive, "{report:?}");
    assert_eq!(verdict(&report).as_deref(), Some("broken"), "{report:?}");
}

fn played(variant: &str, threads: usize, moves: &[usize]) -> Played {
    let params = Params {
        threads,
        iters: 1,
        extra: Default::default(),
    };
    racelab_core::explore::play(&ScenarioLab, variant, &params, moves).expect("plays")
}

fn paused(variant: &str, threads: usize, moves: &[usize]) -> Position {
    match played(variant, threads, moves) {
        Played::Paused(position) => position,
        other => panic!("{moves:?}: {other:?}"),
    }
}

/// `racelab play` on a condition variable: with two threads waiting, a `notify_one` may wake
/// either, and the player chooses by moving one; the notify then says whom it woke. A waiting
/// thread may wake spuriously as a move; once the bound is spent, a waiter with no notify is
/// refused with its reason.
#[test]
fn play_lets_the_player_choose_which_waiter_a_notify_one_wakes() {
    let both_wait = [1, 1, 1, 2, 2, 2, 3, 3, 3];
    let before = paused("two-waiters", 3, &both_wait);
    let notify = |p: &Position| {
        let step = p.steps.iter().find(|s| s.action == Action::NotifyOne);
        step.and_then(|s| s.note.clone()).expect("a notify")
    };
    assert_eq!(notify(&before), " (t1, t2 waiting)");
    for t in [1, 2] {
        assert!(
            matches!(&before.threads[t - 1].1, Next::Step { word: "wakes", .. }),
            "{:?}",
            before.threads
        );
    }
    for chosen in [1, 2] {
        let after = paused("two-waiters", 3, &[&both_wait[..], &[chosen]].concat());
        assert_eq!(notify(&after), format!(" -> wakes t{chosen}"));
        let wake = after.steps.last().expect("a step");
        assert_eq!((wake.thread, wake.action), (chosen, Action::Wake));
        assert_eq!(wake.note.as_deref(), Some(" (notified)"));
    }
    // The wait's second step gives the lock back, at the wait's line.
    let releasing = paused("two-waiters", 3, &[1, 1]);
    assert!(
        matches!(&releasing.threads[0].1,
            Next::Step { word: "wait releases", target, .. } if target == "buffer"),
        "{:?}",
        releasing.threads[0]
    );
    let waiting = paused("two-waiters", 3, &[1, 1, 1]);
    assert!(
        matches!(&waiting.threads[0].1, Next::Step { spurious: true, .. }),
        "nobody notified it: {:?}",
        waiting.threads
    );
    let spurious = paused("two-waiters", 3, &[1, 1, 1, 1]);
    let wake = spurious.steps.last().expect("a step");
    assert_eq!(wake.note.as_deref(), Some(" without a notify (spurious)"));
    match played("two-waiters", 3, &[1, 1, 1, 1, 2, 2, 2, 2]) {
        Played::Refused {
            index,
            reason,
            waits,
        } => {
            assert_eq!(index, 7);
            assert_eq!(reason, "thread 2 waits for a notify on not_empty");
            assert!(matches!(waits, Some(Next::Waits { .. })), "{waits:?}");
        }
        other => panic!("{other:?}"),
    }
}

/// `racelab play` on Peterson's lock: a thread spinning on two cells is refused with both.
#[test]
fn play_refuses_a_spinning_thread_with_the_cells_it_keeps_reading() {
    for more in 1..=20 {
        let moves = [&[1, 1, 1, 2, 2, 2][..], &vec![2; more]].concat();
        if let Played::Refused { reason, waits, .. } = played("peterson", 2, &moves) {
            assert_eq!(
                reason,
                "thread 2 keeps reading flag1 = 1 and turn = 1: it waits until another thread \
                 changes one of them"
            );
            assert!(matches!(waits, Some(Next::Spins { .. })), "{waits:?}");
            return;
        }
    }
    panic!("thread 2 never waited");
}

/// Random games of `racelab play` on every scenario (spurious wakeups, the choice of waiter,
/// semaphores, barriers, channels, spin loops): each ends in a state the SC checker reaches,
/// judged the same way.
#[test]
fn every_random_game_ends_in_an_outcome_the_checker_reaches() {
    // Seeded, so that the games are the same on every run.
    let mut random = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    for (name, _, threads) in SCENARIOS {
        let report = explore_with(name, Checker::Dpor, 1);
        let reached: Vec<(State, String)> = (report.outcomes.iter())
            .map(|o| (o.state.clone(), o.verdict.clone()))
            .collect();
        for _ in 0..6 {
            let mut moves = Vec::new();
            let ending = loop {
                match played(name, threads, &moves) {
                    Played::Over(ending) => break ending,
                    Played::Refused { reason, .. } => panic!("{name} {moves:?}: {reason}"),
                    Played::Paused(position) => {
                        let movable: Vec<usize> = (position.threads.iter())
                            .filter(|(_, n)| matches!(n, Next::Step { .. }))
                            .map(|(t, _)| *t)
                            .collect();
                        assert!(!movable.is_empty(), "{name}: paused, none can move");
                        let pick = random.random_range(0..movable.len());
                        moves.push(movable[pick]);
                    }
                }
            };
            let verdict = racelab_core::verdict_of(&ending.violations);
            assert!(
                reached.contains(&(ending.state.clone(), verdict.clone())),
                "{name}: {moves:?} ends in {:?} {verdict}, which the checker never reaches",
                ending.state
            );
        }
    }
}
