//! The readers-writers lab (Courtois, Heymans and Parnas; LBoS 4.2; OSTEP 31): readers may read
//! a shared pair together, the writer must write it alone. Without a lock a reader sees it half
//! written; with a lightswitch the readers can keep the writer out for as long as they come.
//!
//! The variants are in [`variants`]; the state, params and invariants are in
//! [`ReadersWritersLab`].
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{tally, Sizes, State, Tally};
use racelab_core::{Cell, Ctx, Lab, Lock, ParamSpec, Params, Runtime, RwLock, Semaphore};

/// What a thread is: thread 1 writes, the others read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Writes the pair.
    Writer,
    /// Reads it.
    Reader,
}

/// What the threads share: the pair, the locks of every variant, and what is measured (the pair
/// and the measures are private: the code under test reads and writes through `read` and `write`).
#[derive(Debug)]
pub struct Library<R: Runtime> {
    /// The pair's first half.
    first: Cell<R>,
    /// Its second half: the writer stores both halves with the same number.
    second: Cell<R>,
    /// Reads that saw two different halves.
    torn: Cell<R>,
    /// 1 while the writer waits to get in.
    waiting: Cell<R>,
    /// Readers that got in while the writer waited.
    bypassed: Cell<R>,
    /// The lightswitch's count of readers inside.
    pub readers: Cell<R>,
    /// Guards `readers`.
    pub readers_lock: Lock<R>,
    /// Held by the writer, or by the readers together (a binary semaphore: the last reader out
    /// releases what the first reader in acquired).
    pub room: Semaphore<R>,
    /// `no-starve`'s turnstile: a FIFO semaphore of one permit, so that a writer that waits for
    /// it gets it after those already queued.
    pub turnstile: Semaphore<R>,
    /// `weak-turnstile`'s: the same, weak (whoever runs first takes a freed permit).
    pub weak_turnstile: Semaphore<R>,
    /// `rwlock`'s read-write lock.
    pub rwlock: RwLock<R>,
    /// How many times the writer writes.
    pub writes: u64,
    /// Each thread's calls of `read`, and of `write`: code that returns without reading or
    /// writing is caught, not verified.
    done: [Tally; 2],
    /// How many times each reader reads.
    reads: u64,
}

impl<R: Runtime> Library<R> {
    /// Reads the pair (the caller has got in); a read of two different halves is counted in
    /// `torn`, and a read while the writer waits in `bypassed`.
    #[track_caller]
    pub fn read(&self, cx: &Ctx) {
        self.done[READ].add(cx);
        if self.waiting.load(cx) == 1 {
            self.bypassed.add(cx, 1);
        }
        let first = self.first.load(cx);
        let second = self.second.load(cx);
        if first != second {
            self.torn.add(cx, 1);
        }
    }

    /// Writes the pair (the caller has got in), half by half; the writer no longer waits.
    #[track_caller]
    pub fn write(&self, cx: &Ctx) {
        self.done[WRITE].add(cx);
        self.waiting.store(cx, 0);
        let next = self.first.load(cx) + 1;
        self.first.store(cx, next);
        self.second.store(cx, next);
    }

    /// The writer starts to wait: a reader that gets in from now until the writer does bypasses
    /// it.
    #[track_caller]
    pub fn writer_waits(&self, cx: &Ctx) {
        self.waiting.store(cx, 1);
    }
}

/// Where `done` counts reads.
const READ: usize = 0;
/// Where `done` counts writes.
const WRITE: usize = 1;
/// The observed keys of `done`'s counts, and what each says a thread did.
const CALLS: [(&str, &str); 2] = [("reads", "read"), ("writes", "wrote")];

/// How many reads and writes thread `thread` makes: the writer (thread 1) writes `writes` times
/// (and may read), a reader reads `reads` times and never writes. `None`: any number.
fn expected_calls(thread: usize, writes: u64, reads: u64) -> [Option<i64>; 2] {
    match thread {
        1 => [None, Some(writes as i64)],
        _ => [Some(reads as i64), Some(0)],
    }
}

/// The writer's writes, and the bypass bound of the invariant.
static PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "writes",
        help: "How many times the writer writes (each reader reads --reads times)",
        default: 1,
        min: 1,
        max: 1_000_000,
    },
    ParamSpec {
        name: "bypass-bound",
        help: "Part of the invariant when above 0: readers get in at most this often while the writer waits",
        default: 0,
        min: 0,
        max: 1_000_000,
    },
];

/// One thread's work: the writer (thread 1) writes `--writes` times, each reader reads `--reads`
/// times. Hands over nothing (0): what is measured is in the cells.
pub fn each<R: Runtime>(
    library: &Library<R>,
    cx: &Ctx,
    code: impl Fn(&Library<R>, &Ctx, Role),
) -> i64 {
    let (role, turns) = match cx.thread() {
        1 => (Role::Writer, library.writes),
        _ => (Role::Reader, cx.iters()),
    };
    for _ in 0..turns {
        code(library, cx, role);
    }
    0
}

racelab_core::lab! {
    /// The readers-writers lab.
    pub struct ReadersWritersLab(Library) {
        id: "readers-writers",
        title: "readers share a pair, a writer needs it alone: torn reads, and a writer kept waiting",
        iteration: "reads per reader",
        witnesses: &[("torn reads", "torn")],
        iters_alias: Some("reads"),
        params: PARAMS,
        model_sizes: Sizes::new(3, 1),
        real_sizes: Sizes::new(3, 2_000),
        real_trials: 200,
    }
    variants(each) {
        "racy": Racy => variants::racy, "no lock: a reader between the writer's two stores reads half a pair";
        "lightswitch": Fix => variants::lightswitch, "the first reader in locks the room, the last out unlocks it: safe, but the writer can wait for ever";
        "no-starve": Fix => variants::no_starve, "a FIFO turnstile before the lightswitch: a waiting writer holds it, and new readers stay out";
        "weak-turnstile": Fix => variants::weak_turnstile, "the same turnstile as a weak semaphore: readers may keep passing it while the writer waits for it";
        "rwlock": Fix => variants::rwlock, "racelab's RwLock: safe, and like std's it promises nothing about who goes first";
    }
}

impl<R: Runtime> Library<R> {
    fn new(threads: usize, writes: u64, reads: u64) -> Self {
        Library {
            first: Cell::new("first", 0),
            second: Cell::new("second", 0),
            torn: Cell::new("torn", 0),
            waiting: Cell::new("waiting", 0),
            bypassed: Cell::new("bypassed", 0),
            readers: Cell::new("readers", 0),
            readers_lock: Lock::new("readers_lock"),
            room: Semaphore::new("room", 1),
            turnstile: Semaphore::fifo("turnstile", 1),
            weak_turnstile: Semaphore::new("weak_turnstile", 1),
            rwlock: RwLock::new("rwlock"),
            writes,
            done: [Tally::new(threads), Tally::new(threads)],
            reads,
        }
    }
}

impl Lab for ReadersWritersLab {
    fn setup<R: Runtime>(&self, params: &Params) -> Library<R> {
        Library::new(params.threads, params.get("writes") as u64, params.iters)
    }

    fn observe<R: Runtime>(&self, library: &Library<R>, _: &[i64]) -> State {
        let mut state = State::from([
            ("torn reads".to_string(), library.torn.peek()),
            ("writer bypassed".to_string(), library.bypassed.peek()),
            ("deadlocked".to_string(), 0),
        ]);
        // Only where they are wrong, so that a correct solution's table has no column for them.
        for (which, (key, _)) in CALLS.iter().enumerate() {
            let expected = |t| expected_calls(t, library.writes, library.reads)[which];
            tally::note(&mut state, key, library.done[which].counts(), expected);
        }
        state
    }

    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        let cell = |name: &str| cells.get(name).copied().unwrap_or_default();
        Some(State::from([
            ("torn reads".to_string(), cell("torn")),
            ("writer bypassed".to_string(), cell("bypassed")),
            ("deadlocked".to_string(), stuck as i64),
        ]))
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        let writes = params.get("writes") as u64;
        // The writer's first: what it did not write, the readers could not read.
        for which in [WRITE, READ] {
            let (key, verb) = CALLS[which];
            for (thread, calls) in tally::miscounted(state, key) {
                let expected = expected_calls(thread, writes, params.iters)[which].unwrap_or(0);
                broken.push(format!(
                    "thread {thread} {verb} the pair {calls} times, not {expected}"
                ));
            }
        }
        // Worded the same whatever the count (the state says how many), so that a report's
        // headline names each violation once.
        if state["torn reads"] > 0 {
            broken.push("a half-written pair was read".to_string());
        }
        if state["deadlocked"] > 0 {
            broken.push("deadlock".to_string());
        }
        let bound = params.get("bypass-bound");
        let bypassed = state["writer bypassed"];
        if bound > 0 && bypassed > bound {
            broken.push(format!(
                "the writer was bypassed more than {}",
                racelab_core::times(bound)
            ));
        }
        broken
    }
}
