//! The bounded-buffer lab (OSTEP chapter 30, LBoS 4.1): producers put items into a buffer of
//! fixed capacity and consumers take them out, each waiting while it cannot act. Waiting right
//! is the lesson: an `if` around a wait, one condition variable for two conditions, a mutex held
//! around a semaphore.
//!
//! The variants are in [`variants`]; the state, params and invariants are in [`BoundedBufferLab`].
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{
    tally, Cell, Channel, Condvar, Ctx, Lab, Lock, ParamSpec, Params, Runtime, Semaphore, Sizes,
    State, Tally,
};

/// What a thread is: threads 1 to `producers` put items, the others take them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Puts items into the buffer.
    Producer,
    /// Takes items out of it.
    Consumer,
}

/// What the threads share: the buffer (its number of items), what guards it, and the capacity.
/// The number of items and what is measured are private: the code under test looks with
/// `is_full` and `is_empty` and acts with `put` and `take` (or `send` and `recv`).
#[derive(Debug)]
pub struct Buffer<R: Runtime> {
    /// How many items the buffer holds now.
    count: Cell<R>,
    /// Takes from an empty buffer, counted.
    took_from_empty: Cell<R>,
    /// Puts into a full buffer, counted.
    overfilled: Cell<R>,
    /// The lock around the buffer.
    pub lock: Lock<R>,
    /// Consumers wait here for an item.
    pub not_empty: Condvar<R>,
    /// Producers wait here for room.
    pub not_full: Condvar<R>,
    /// `one-condvar`'s only condition variable: "the buffer changed".
    pub changed: Condvar<R>,
    /// The free places (`semaphores`, `mutex-outside`).
    pub slots: Semaphore<R>,
    /// The full places.
    pub items: Semaphore<R>,
    /// `channel`'s bounded channel.
    channel: Channel<R>,
    /// The most items the buffer holds.
    pub capacity: i64,
    /// How many threads produce (threads 1 to `producers`).
    pub producers: usize,
    /// Each thread's puts, and takes (sends and receives count too): code that returns without
    /// putting or taking is caught, not verified.
    done: [Tally; 2],
    /// How many items each producer puts.
    iters: u64,
}

/// Where `done` counts puts.
const PUT: usize = 0;
/// Where `done` counts takes.
const TAKE: usize = 1;
/// The observed keys of `done`'s counts, and what each says a thread did.
const CALLS: [(&str, &str); 2] = [("puts", "put"), ("takes", "took")];

impl<R: Runtime> Buffer<R> {
    /// Whether the buffer holds `capacity` items.
    #[track_caller]
    pub fn is_full(&self, cx: &Ctx) -> bool {
        self.count.load(cx) >= self.capacity
    }

    /// Whether the buffer holds nothing (or less: after a take from an empty buffer).
    #[track_caller]
    pub fn is_empty(&self, cx: &Ctx) -> bool {
        self.count.load(cx) <= 0
    }

    /// Puts one item in (the caller holds what makes that safe); a put into a full buffer is
    /// counted in `overfilled`.
    #[track_caller]
    pub fn put(&self, cx: &Ctx) {
        self.done[PUT].add(cx);
        let count = self.count.load(cx);
        if count >= self.capacity {
            self.overfilled.add(cx, 1);
        }
        self.count.store(cx, count + 1);
    }

    /// Takes one item out; a take from an empty buffer is counted in `took_from_empty` (and
    /// leaves the count below zero, as a ring buffer's indexes would cross).
    #[track_caller]
    pub fn take(&self, cx: &Ctx) {
        self.done[TAKE].add(cx);
        let count = self.count.load(cx);
        if count <= 0 {
            self.took_from_empty.add(cx, 1);
        }
        self.count.store(cx, count - 1);
    }

    /// Sends one item through the bounded channel (`channel`'s put), waiting while it is full.
    #[track_caller]
    pub fn send(&self, cx: &Ctx) {
        self.done[PUT].add(cx);
        self.channel.send(cx, 1);
    }

    /// Receives one item from the bounded channel (`channel`'s take), waiting while it is empty.
    #[track_caller]
    pub fn recv(&self, cx: &Ctx) {
        self.done[TAKE].add(cx);
        self.channel.recv(cx);
    }
}

/// Thread `thread`'s role and how many items it puts or takes: a producer puts `iters`; the
/// consumers share every item produced, as evenly as it goes.
fn turns(thread: usize, threads: usize, producers: usize, iters: u64) -> (Role, u64) {
    if thread <= producers {
        return (Role::Producer, iters);
    }
    let consumers = (threads - producers) as u64;
    let total = producers as u64 * iters;
    let consumer = (thread - producers - 1) as u64;
    let share = total / consumers + u64::from(consumer < total % consumers);
    (Role::Consumer, share)
}

/// [`turns`] as the puts and takes thread `thread` makes.
fn expected_calls(thread: usize, threads: usize, producers: usize, iters: u64) -> [i64; 2] {
    match turns(thread, threads, producers, iters) {
        (Role::Producer, puts) => [puts as i64, 0],
        (Role::Consumer, takes) => [0, takes as i64],
    }
}

/// The buffer's capacity and the number of producers (the other threads consume).
static PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "capacity",
        help: "How many items the buffer holds",
        default: 1,
        min: 1,
        max: 1_000_000,
    },
    ParamSpec {
        name: "producers",
        help: "How many of the threads produce (threads 1 to N); the others consume",
        default: 1,
        min: 1,
        max: 63,
    },
];

/// One thread's work: a producer puts `iters` items (`--items`); the consumers share every item
/// produced, as evenly as it goes. Returns how many items the thread handled.
pub fn each<R: Runtime>(
    buffer: &Buffer<R>,
    cx: &Ctx,
    code: impl Fn(&Buffer<R>, &Ctx, Role),
) -> i64 {
    let (role, turns) = turns(cx.thread(), cx.threads(), buffer.producers, cx.iters());
    for _ in 0..turns {
        code(buffer, cx, role);
    }
    turns as i64
}

racelab_core::lab! {
    /// The bounded-buffer lab.
    pub struct BoundedBufferLab(Buffer) {
        id: "bounded-buffer",
        title: "producers and consumers wait on a bounded buffer: an if around a wait, one condition variable for two",
        iteration: "items",
        witnesses: &[("empty takes", "empty takes"), ("full puts", "full puts")],
        iters_alias: Some("items"),
        params: PARAMS,
        model_sizes: Sizes::new(3, 2),
        real_sizes: Sizes::new(3, 100),
        real_trials: 20,
    }
    variants(each) {
        "if-wait": Racy => variants::if_wait, "an if around the wait: a woken consumer takes without looking again";
        "one-condvar": WrongFix => variants::one_condvar, "while, but one condition variable and notify_one: a consumer can wake a consumer, and everyone sleeps";
        "two-condvars": Fix => variants::two_condvars, "while around each wait, and a condition variable for each condition";
        "semaphores": Fix => variants::semaphores, "a semaphore of free slots, one of items, and a mutex only around the put or take";
        "mutex-outside": WrongFix => variants::mutex_outside, "the mutex taken before the semaphore: a consumer waits for an item while holding what the producer needs";
        "channel": Fix => variants::channel, "a bounded channel of the same capacity: its send and recv do the waiting";
    }
}

impl Lab for BoundedBufferLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        let producers = params.get("producers");
        if producers >= params.threads as i64 {
            return Err(format!(
                "--producers {producers} with --threads {}: at least one thread must consume; \
                 give more threads or fewer producers",
                params.threads
            ));
        }
        Ok(())
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Buffer<R> {
        let capacity = params.get("capacity");
        Buffer {
            count: Cell::new("count", 0),
            took_from_empty: Cell::new("empty takes", 0),
            overfilled: Cell::new("full puts", 0),
            lock: Lock::new("buffer"),
            not_empty: Condvar::new("not_empty"),
            not_full: Condvar::new("not_full"),
            changed: Condvar::new("changed"),
            slots: Semaphore::new("slots", capacity),
            items: Semaphore::new("items", 0),
            channel: Channel::bounded("channel", capacity as usize),
            capacity,
            producers: params.get("producers") as usize,
            done: [Tally::new(params.threads), Tally::new(params.threads)],
            iters: params.iters,
        }
    }

    fn observe<R: Runtime>(&self, buffer: &Buffer<R>, _handled: &[i64]) -> State {
        let mut state = State::from([
            ("items left".to_string(), buffer.count.peek()),
            ("empty takes".to_string(), buffer.took_from_empty.peek()),
            ("full puts".to_string(), buffer.overfilled.peek()),
            ("deadlocked".to_string(), 0),
        ]);
        // Only where they are wrong, so that a correct solution's table has no column for them
        // (an execution that ends here finished every thread: a deadlock ends in `stuck_state`).
        for (which, (key, _)) in CALLS.iter().enumerate() {
            let counts = buffer.done[which].counts();
            let threads = counts.len();
            let expected =
                |t| Some(expected_calls(t, threads, buffer.producers, buffer.iters)[which]);
            tally::note(&mut state, key, counts, expected);
        }
        state
    }

    /// Under racelab's SC checker an execution in which every unfinished thread waits ends
    /// there: each of them is a put or a take that never happens.
    fn stuck_state(&self, _params: &Params, cells: &State, stuck: usize) -> Option<State> {
        let cell = |name: &str| cells.get(name).copied().unwrap_or_default();
        Some(State::from([
            ("items left".to_string(), cell("count")),
            ("empty takes".to_string(), cell("empty takes")),
            ("full puts".to_string(), cell("full puts")),
            ("deadlocked".to_string(), stuck as i64),
        ]))
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        let producers = params.get("producers") as usize;
        for (which, (key, verb)) in CALLS.iter().enumerate() {
            for (thread, calls) in tally::miscounted(state, key) {
                let expected =
                    expected_calls(thread, params.threads, producers, params.iters)[which];
                let items = if calls == 1 { "item" } else { "items" };
                broken.push(format!(
                    "thread {thread} {verb} {calls} {items}, not {expected}"
                ));
            }
        }
        if state["empty takes"] > 0 {
            broken.push("a consumer took from an empty buffer".to_string());
        }
        if state["full puts"] > 0 {
            broken.push("a producer put into a full buffer".to_string());
        }
        if state["deadlocked"] > 0 {
            broken.push("deadlock".to_string());
        }
        broken
    }
}
