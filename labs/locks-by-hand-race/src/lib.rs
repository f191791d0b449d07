//! The locks-by-hand lab (Peterson 1981; OSTEP 28; Rust Atomics and Locks 4): two threads take
//! turns at a critical section behind a lock made from atomics. Two flags are not enough;
//! Peterson's lock is, under sequential consistency only; a ticket lock is fair, a
//! test-and-set lock is not.
//!
//! The variants are in [`variants`]; the state, params and invariants are in [`LocksByHandLab`].
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{tally, Cell, Ctx, Lab, ParamSpec, Params, Runtime, Sizes, State, Tally};

/// The cells the locks are made of, and what the critical section measures (private: the code
/// under test takes the lock and passes the critical section, it cannot write what is measured).
#[derive(Debug)]
pub struct Hand<R: Runtime> {
    /// Thread 1's flag: up (1) while it wants in or is in.
    pub flag1: Cell<R>,
    /// Thread 2's flag.
    pub flag2: Cell<R>,
    /// Peterson's turn: the thread that waits if both want in.
    pub turn: Cell<R>,
    /// The ticket lock's next ticket.
    pub next_ticket: Cell<R>,
    /// The ticket being served.
    pub serving: Cell<R>,
    /// The test-and-set lock: 1 while held.
    pub locked: Cell<R>,
    /// Threads inside the critical section now.
    inside: Cell<R>,
    /// Entries that found another thread inside.
    overlaps: Cell<R>,
    /// Entries into the critical section so far.
    entries: Cell<R>,
    /// The most entries by the other thread while one thread waited.
    worst_bypass: Cell<R>,
    /// Each thread's passes through the critical section: a lock that lets a thread return
    /// without passing is caught, not verified.
    passes: Tally,
    /// The passes each thread's entries make.
    expected_passes: i64,
}

impl<R: Runtime> Hand<R> {
    /// This thread's flag and the other thread's.
    pub fn flags(&self, cx: &Ctx) -> (&Cell<R>, &Cell<R>) {
        match cx.thread() {
            1 => (&self.flag1, &self.flag2),
            _ => (&self.flag2, &self.flag1),
        }
    }

    /// The other thread's number.
    pub fn other(&self, cx: &Ctx) -> i64 {
        3 - cx.thread() as i64
    }

    /// The critical section: counts an entry that finds the other thread inside, counts the
    /// entry, and keeps the most entries that bypassed this thread while it waited.
    #[track_caller]
    pub fn critical_section(&self, cx: &Ctx, waiting: Waiting) {
        self.passes.add(cx);
        if self.inside.fetch_add(cx, 1) > 0 {
            self.overlaps.add(cx, 1);
        }
        let entries = self.entries.load(cx);
        self.entries.store(cx, entries + 1);
        if let Some(since) = waiting.since {
            if entries - since > self.worst_bypass.load(cx) {
                self.worst_bypass.store(cx, entries - since);
            }
        }
        self.inside.add(cx, -1);
    }
}

/// When a thread first had to wait for the lock: the entries it saw then.
#[derive(Debug, Default, Clone, Copy)]
pub struct Waiting {
    since: Option<i64>,
}

impl Waiting {
    /// The thread has to wait: from its first call on, every entry of the other thread before
    /// this thread's own bypasses it.
    #[track_caller]
    pub fn starts<R: Runtime>(&mut self, hand: &Hand<R>, cx: &Ctx) {
        if self.since.is_none() {
            self.since = Some(hand.entries.load(cx));
        }
    }
}

/// The observed key of a thread's passes through the critical section (only where they are not
/// one per entry).
const PASSES: &str = "critical sections";

/// The bypass bound of the invariant.
static PARAMS: &[ParamSpec] = &[ParamSpec {
    name: "bypass-bound",
    help: "Part of the invariant when above 0: a waiting thread is bypassed at most this often",
    default: 0,
    min: 0,
    max: 1_000_000,
}];

/// One thread's entries: the variant runs `--entries` times.
pub fn entries<R: Runtime>(hand: &Hand<R>, cx: &Ctx, code: impl Fn(&Hand<R>, &Ctx)) -> i64 {
    for _ in 0..cx.iters() {
        code(hand, cx);
    }
    0
}

racelab_core::lab! {
    /// The locks-by-hand lab.
    pub struct LocksByHandLab(Hand) {
        id: "locks-by-hand",
        title: "locks made from atomics: two flags let both in, Peterson needs SeqCst, test-and-set is not fair",
        iteration: "entries",
        witnesses: &[("both inside", "overlaps")],
        iters_alias: Some("entries"),
        params: PARAMS,
        model_sizes: Sizes::new(2, 1),
        real_sizes: Sizes::new(2, 2_000),
        real_trials: 200,
    }
    variants(entries) {
        "two-flags": Racy => variants::two_flags, "wait while the other's flag is up, then raise your own: both can go in";
        "peterson": Fix => variants::peterson, "raise your flag, give the other the turn, wait while it wants in and has the turn";
        "peterson-acqrel": WrongFix => variants::peterson_acqrel, "Peterson's lock with Release stores and Acquire loads: proven under SC, both inside under weak memory";
        "ticket": Fix => variants::ticket, "take a ticket with fetch_add, wait to be served: first come, first served";
        "test-and-set": Fix => variants::test_and_set, "compare_exchange(0, 1) until it succeeds: safe, and not fair";
    }
}

impl Lab for LocksByHandLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        match params.threads {
            2 => Ok(()),
            n => Err(format!(
                "--threads {n}: these locks are for exactly 2 threads (Peterson's is); give \
                 more --entries instead"
            )),
        }
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Hand<R> {
        Hand {
            flag1: Cell::new("flag1", 0),
            flag2: Cell::new("flag2", 0),
            turn: Cell::new("turn", 0),
            next_ticket: Cell::new("next_ticket", 0),
            serving: Cell::new("serving", 0),
            locked: Cell::new("locked", 0),
            inside: Cell::new("inside", 0),
            overlaps: Cell::new("overlaps", 0),
            entries: Cell::new("entries", 0),
            worst_bypass: Cell::new("worst bypass", 0),
            passes: Tally::new(2),
            expected_passes: params.iters as i64,
        }
    }

    fn observe<R: Runtime>(&self, hand: &Hand<R>, _: &[i64]) -> State {
        let mut state = State::from([
            ("both inside".to_string(), hand.overlaps.peek()),
            ("worst bypass".to_string(), hand.worst_bypass.peek()),
        ]);
        let entries = hand.expected_passes;
        tally::note(&mut state, PASSES, hand.passes.counts(), |_| Some(entries));
        state
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        for (thread, passes) in tally::miscounted(state, PASSES) {
            let entries = params.iters;
            broken.push(format!(
                "thread {thread} passed the critical section {passes} times, not {entries}"
            ));
        }
        if state["both inside"] > 0 {
            broken.push("both threads were inside at once".to_string());
        }
        let bound = params.get("bypass-bound");
        let bypassed = state["worst bypass"];
        if bound > 0 && bypassed > bound {
            // (The state says how many times: the same words for every count.)
            broken.push(format!(
                "a waiting thread was bypassed more than {}",
                racelab_core::times(bound)
            ));
        }
        broken
    }
}
