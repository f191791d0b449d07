//! The waiting primitives as racelab's SC checker runs them: each is a small state machine that
//! says whether a thread's next operation can proceed, and what the operation does when it runs.
//!
//! The primitive's own code applies each step (it needs the result: a received value, a
//! barrier's leader); the scheduler asks whether a step can run; the same machine, replayed over
//! the prefix of a reversed race, says whether the reversed step could run there.
//!
//! Choices are interleavings: a `notify_one` leaves a token that any thread waiting at that
//! moment may take, so which waiter wakes is decided by which of them the scheduler runs first;
//! a freed permit of a weak semaphore goes to whichever waiter runs first; a FIFO semaphore
//! hands it to the longest waiter. A wait may also end without a notify (a spurious wakeup),
//! while the execution's bound on them lasts.

use super::event::{Obj, Op, SyncOp, Tid};
use std::collections::VecDeque;

/// What a waiting primitive is, as created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A lock (`try_lock` looks at it).
    Lock,
    /// A condition variable.
    Condvar,
    /// A semaphore with this many permits; `fifo` hands freed permits to waiters in order.
    Semaphore { permits: i64, fifo: bool },
    /// A barrier for `n` threads.
    Barrier { n: usize },
    /// A read-write lock.
    RwLock,
    /// A channel holding at most `capacity` values (none: unbounded; 0: a rendezvous).
    Channel { capacity: Option<usize> },
}

/// Why a thread's next operation cannot proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blocked {
    /// A condition variable's wait: no notify for it (and no spurious wakeup left).
    Notify,
    /// A semaphore's acquire: no permit left.
    Permit,
    /// A FIFO semaphore's queue: `ahead` threads before it.
    Queued { ahead: usize },
    /// A barrier: `arrived` of `n` threads have arrived this round.
    Barrier { arrived: usize, n: usize },
    /// A read-write lock that thread `Tid` holds to write.
    Writer(Tid),
    /// A read-write lock that this many readers hold.
    Readers(usize),
    /// A full channel.
    Full { capacity: usize },
    /// An empty channel.
    Empty,
    /// A rendezvous send: nobody has taken the value yet.
    Receiver,
}

/// Whether a step can run now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ready {
    /// It can.
    Yes,
    /// Only as a spurious wakeup: never something a thread can count on, so an execution in
    /// which nothing else can move ends there.
    Spuriously,
    /// It waits.
    No(Blocked),
}

/// How a wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Woken {
    /// By a `notify_all`.
    All,
    /// By the `notify_one` recorded as timeline step `step`.
    Notify { step: usize },
    /// Without a notify.
    Spurious,
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Nothing to report.
    None,
    /// A `try_lock` or `try_acquire`: whether it took.
    Took(bool),
    /// A wait ended.
    Woken(Woken),
    /// A notify: the threads waiting that it could wake.
    Notified { waiting: Vec<Tid> },
    /// A semaphore's permits before and after; `queued` when a FIFO acquire joined the queue,
    /// `to` when a release handed the permit to a queued thread.
    Permits {
        before: i64,
        after: i64,
        queued: bool,
        to: Option<Tid>,
    },
    /// An arrival at a barrier: the round (from 1), how many have arrived, of how many.
    Arrived {
        round: u64,
        arrived: usize,
        n: usize,
    },
    /// A departure from a barrier after round `round`.
    Departed { round: u64 },
    /// A send: how many values wait in the channel now.
    Sent { queued: usize },
    /// A receive: the value, and the thread that sent it.
    Received { value: i64, from: Tid },
}

#[derive(Debug, Clone)]
struct Token {
    /// The threads waiting when the `notify_one` ran and still waiting.
    eligible: Vec<Tid>,
    /// Its timeline step.
    step: usize,
}

/// A condition variable: who waits, who a `notify_all` woke, and the `notify_one` tokens.
#[derive(Debug, Clone, Default)]
struct Cv {
    waiting: Vec<Tid>,
    /// Waiters a `notify_all` woke.
    all: Vec<Tid>,
    tokens: Vec<Token>,
}

impl Cv {
    /// Whether a notify woke `tid` (a `notify_all`, or a token it may take).
    fn notified(&self, tid: Tid) -> bool {
        self.all.contains(&tid) || self.tokens.iter().any(|t| t.eligible.contains(&tid))
    }

    /// The waiters no `notify_all` has woken yet.
    fn unwoken(&self) -> Vec<Tid> {
        (self.waiting.iter())
            .copied()
            .filter(|t| !self.all.contains(t))
            .collect()
    }

    /// `tid` no longer waits for a token (it woke): the tokens only it could take go.
    fn forget(&mut self, tid: Tid) {
        for token in &mut self.tokens {
            remove(&mut token.eligible, tid);
        }
        self.tokens.retain(|t| !t.eligible.is_empty());
    }

    /// `tid` leaves its wait: by the `notify_all` that woke it, else by the oldest token it
    /// may take, else spuriously (spending one of `spurious_left`).
    fn wake(&mut self, tid: Tid, spurious_left: &mut u32) -> Woken {
        remove(&mut self.waiting, tid);
        let woken = if self.all.contains(&tid) {
            remove(&mut self.all, tid);
            Woken::All
        } else if let Some(i) = (self.tokens.iter()).position(|t| t.eligible.contains(&tid)) {
            Woken::Notify {
                step: self.tokens.remove(i).step,
            }
        } else {
            *spurious_left = spurious_left.saturating_sub(1);
            Woken::Spurious
        };
        self.forget(tid);
        woken
    }
}

#[derive(Debug, Clone)]
enum Prim {
    Lock {
        holder: Option<Tid>,
    },
    Condvar(Cv),
    Semaphore {
        permits: i64,
        fifo: bool,
        queue: VecDeque<Tid>,
        granted: Vec<Tid>,
    },
    Barrier {
        n: usize,
        /// Rounds completed.
        round: u64,
        arrived: usize,
        /// Each waiting thread and the number of rounds completed when it arrived.
        waiting: Vec<(Tid, u64)>,
    },
    RwLock {
        readers: Vec<Tid>,
        writer: Option<Tid>,
    },
    Channel {
        capacity: Option<usize>,
        queue: VecDeque<(Tid, i64)>,
        /// Rendezvous senders whose value was taken.
        delivered: Vec<Tid>,
    },
}

impl Prim {
    fn new(kind: Kind) -> Self {
        match kind {
            Kind::Lock => Prim::Lock { holder: None },
            Kind::Condvar => Prim::Condvar(Cv::default()),
            Kind::Semaphore { permits, fifo } => Prim::Semaphore {
                permits,
                fifo,
                queue: VecDeque::new(),
                granted: Vec::new(),
            },
            Kind::Barrier { n } => Prim::Barrier {
                n,
                round: 0,
                arrived: 0,
                waiting: Vec::new(),
            },
            Kind::RwLock => Prim::RwLock {
                readers: Vec::new(),
                writer: None,
            },
            Kind::Channel { capacity } => Prim::Channel {
                capacity,
                queue: VecDeque::new(),
                delivered: Vec::new(),
            },
        }
    }
}

/// The state of every waiting primitive of one execution, and its spurious wakeups left.
#[derive(Debug, Clone, Default)]
pub(crate) struct SyncState {
    prims: Vec<Option<Prim>>,
    spurious_left: u32,
}

fn remove(list: &mut Vec<Tid>, tid: Tid) {
    if let Some(i) = list.iter().position(|&t| t == tid) {
        list.remove(i);
    }
}

impl SyncState {
    /// No primitives yet, and at most `spurious` spurious wakeups.
    pub const fn new(spurious: u32) -> Self {
        SyncState {
            prims: Vec::new(),
            spurious_left: spurious,
        }
    }

    /// The primitives `kinds` (by object number), fresh, and at most `spurious` spurious
    /// wakeups: the start of an execution, for replaying a prefix.
    pub fn with(kinds: impl IntoIterator<Item = (Obj, Kind)>, spurious: u32) -> Self {
        let mut state = SyncState::new(spurious);
        for (o, kind) in kinds {
            state.add(o, kind);
        }
        state
    }

    /// Object `o` is a fresh primitive of `kind`.
    pub fn add(&mut self, o: Obj, kind: Kind) {
        let o = o as usize;
        if self.prims.len() <= o {
            self.prims.resize(o + 1, None);
        }
        self.prims[o] = Some(Prim::new(kind));
    }

    /// Whether `tid` can do `op` now.
    pub fn ready(&self, tid: Tid, op: Op) -> Ready {
        let Op::Sync(o, op) = op else {
            return Ready::Yes;
        };
        let Some(Some(prim)) = self.prims.get(o as usize) else {
            return Ready::Yes;
        };
        let blocked = match (prim, op) {
            (Prim::Condvar(cv), SyncOp::Wake | SyncOp::Spurious) => {
                if !cv.waiting.contains(&tid) || cv.notified(tid) {
                    return Ready::Yes;
                }
                if self.spurious_left > 0 {
                    return Ready::Spuriously;
                }
                Blocked::Notify
            }
            (
                Prim::Semaphore {
                    permits,
                    fifo: false,
                    ..
                },
                SyncOp::Acquire,
            ) if *permits <= 0 => Blocked::Permit,
            (Prim::Semaphore { queue, granted, .. }, SyncOp::Granted)
                if !granted.contains(&tid) =>
            {
                Blocked::Queued {
                    ahead: queue.iter().position(|&t| t == tid).unwrap_or(0),
                }
            }
            (
                Prim::Barrier {
                    n,
                    round,
                    arrived,
                    waiting,
                },
                SyncOp::Depart,
            ) if waiting.iter().any(|&(t, r)| t == tid && r >= *round) => Blocked::Barrier {
                arrived: *arrived,
                n: *n,
            },
            (
                Prim::RwLock {
                    writer: Some(w), ..
                },
                SyncOp::Read | SyncOp::Write,
            ) => Blocked::Writer(*w),
            (Prim::RwLock { readers, .. }, SyncOp::Write) if !readers.is_empty() => {
                Blocked::Readers(readers.len())
            }
            (
                Prim::Channel {
                    capacity: Some(c),
                    queue,
                    ..
                },
                SyncOp::Send,
            ) if *c > 0 && queue.len() >= *c => Blocked::Full { capacity: *c },
            (Prim::Channel { queue, .. }, SyncOp::Recv) if queue.is_empty() => Blocked::Empty,
            (Prim::Channel { delivered, .. }, SyncOp::Delivered) if !delivered.contains(&tid) => {
                Blocked::Receiver
            }
            _ => return Ready::Yes,
        };
        Ready::No(blocked)
    }

    /// `tid` does `op` (which [`SyncState::ready`] allows): sending `value`, recorded as
    /// timeline step `step`.
    pub fn apply(&mut self, tid: Tid, op: Op, value: i64, step: usize) -> Effect {
        let (o, op) = match op {
            Op::Lock(o) => (o, SyncOp::TryLocked),
            Op::Unlock(o) => {
                if let Some(Some(Prim::Lock { holder })) = self.prims.get_mut(o as usize) {
                    *holder = None;
                }
                return Effect::None;
            }
            Op::Sync(o, op) => (o, op),
            _ => return Effect::None,
        };
        let spurious_left = &mut self.spurious_left;
        let Some(Some(prim)) = self.prims.get_mut(o as usize) else {
            return Effect::None;
        };
        match (prim, op) {
            (Prim::Lock { holder }, SyncOp::TryLock) => {
                let free = holder.is_none();
                if free {
                    *holder = Some(tid);
                }
                Effect::Took(free)
            }
            (Prim::Lock { holder }, SyncOp::TryLocked) => {
                *holder = Some(tid);
                Effect::Took(true)
            }
            (Prim::Condvar(cv), SyncOp::Wait) => {
                cv.waiting.push(tid);
                Effect::None
            }
            (Prim::Condvar(cv), SyncOp::Wake | SyncOp::Spurious) => {
                Effect::Woken(cv.wake(tid, spurious_left))
            }
            (Prim::Condvar(cv), SyncOp::NotifyOne) => {
                let waiting = cv.unwoken();
                if !waiting.is_empty() {
                    cv.tokens.push(Token {
                        eligible: waiting.clone(),
                        step,
                    });
                }
                Effect::Notified { waiting }
            }
            (Prim::Condvar(cv), SyncOp::NotifyAll) => {
                let waiting = cv.unwoken();
                cv.all.extend(&waiting);
                for &t in &waiting {
                    cv.forget(t);
                }
                Effect::Notified { waiting }
            }
            (
                Prim::Semaphore {
                    permits,
                    fifo,
                    queue,
                    ..
                },
                SyncOp::Acquire,
            ) => {
                let before = *permits;
                let queued = *fifo && (before <= 0 || !queue.is_empty());
                if queued {
                    queue.push_back(tid);
                } else {
                    *permits -= 1;
                }
                Effect::Permits {
                    before,
                    after: *permits,
                    queued,
                    to: None,
                }
            }
            (Prim::Semaphore { granted, .. }, SyncOp::Granted) => {
                remove(granted, tid);
                Effect::None
            }
            (Prim::Semaphore { permits, queue, .. }, SyncOp::TryAcquire) => {
                let took = *permits > 0 && queue.is_empty();
                if took {
                    *permits -= 1;
                }
                Effect::Took(took)
            }
            (
                Prim::Semaphore {
                    permits,
                    queue,
                    granted,
                    ..
                },
                SyncOp::Release,
            ) => {
                let before = *permits;
                let to = queue.pop_front();
                match to {
                    Some(next) => granted.push(next),
                    None => *permits += 1,
                }
                Effect::Permits {
                    before,
                    after: *permits,
                    queued: false,
                    to,
                }
            }
            (
                Prim::Barrier {
                    n,
                    round,
                    arrived,
                    waiting,
                },
                SyncOp::Arrive,
            ) => {
                *arrived += 1;
                let effect = Effect::Arrived {
                    round: *round + 1,
                    arrived: *arrived,
                    n: *n,
                };
                if *arrived >= *n {
                    *arrived = 0;
                    *round += 1;
                } else {
                    waiting.push((tid, *round));
                }
                effect
            }
            (Prim::Barrier { waiting, .. }, SyncOp::Depart) => {
                let i = waiting.iter().position(|w| w.0 == tid);
                let round = i.map_or(0, |i| waiting.remove(i).1 + 1);
                Effect::Departed { round }
            }
            (Prim::RwLock { readers, .. }, SyncOp::Read) => {
                readers.push(tid);
                Effect::None
            }
            (Prim::RwLock { readers, .. }, SyncOp::ReadUnlock) => {
                remove(readers, tid);
                Effect::None
            }
            (Prim::RwLock { writer, .. }, SyncOp::Write) => {
                *writer = Some(tid);
                Effect::None
            }
            (Prim::RwLock { writer, .. }, SyncOp::WriteUnlock) => {
                *writer = None;
                Effect::None
            }
            (Prim::Channel { queue, .. }, SyncOp::Send) => {
                queue.push_back((tid, value));
                Effect::Sent {
                    queued: queue.len(),
                }
            }
            (Prim::Channel { delivered, .. }, SyncOp::Delivered) => {
                remove(delivered, tid);
                Effect::None
            }
            (
                Prim::Channel {
                    capacity,
                    queue,
                    delivered,
                },
                SyncOp::Recv,
            ) => {
                let (from, value) = queue.pop_front().unwrap_or((0, 0));
                if *capacity == Some(0) {
                    delivered.push(from);
                }
                Effect::Received { value, from }
            }
            _ => Effect::None,
        }
    }

    /// Whether a rendezvous send or a FIFO acquire by `tid` on `o` has a second step: it had
    /// to wait (it offered its value; it joined the queue).
    pub fn waits_after(&self, o: Obj, op: SyncOp, effect: &Effect) -> bool {
        match (self.prims.get(o as usize), op) {
            (Some(Some(Prim::Channel { capacity, .. })), SyncOp::Send) => *capacity == Some(0),
            (_, SyncOp::Acquire) => matches!(effect, Effect::Permits { queued: true, .. }),
            _ => false,
        }
    }
}

/// What a thread that waits forever waits for, after the primitive's name.
pub(crate) fn stuck_words(why: Blocked) -> String {
    match why {
        Blocked::Notify => ": no thread is left to notify it".into(),
        Blocked::Permit => ": no permit is left, and no thread is left to release one".into(),
        Blocked::Queued { ahead } => {
            format!(": {ahead} ahead in the queue, and no thread is left to release a permit")
        }
        Blocked::Barrier { arrived, n } => {
            format!(": {arrived} of {n} arrived, and no thread is left to arrive")
        }
        Blocked::Writer(t) => format!(": t{t} holds it to write, and never lets go"),
        Blocked::Readers(k) => format!(": {k} reader(s) hold it, and never let go"),
        Blocked::Full { capacity } => {
            format!(": full ({capacity}), and no thread is left to receive")
        }
        Blocked::Empty => ": empty, and no thread is left to send".into(),
        Blocked::Receiver => ": no thread is left to receive the value".into(),
    }
}

/// Why a thread cannot move now, after "waits" (`racelab play`).
pub(crate) fn waiting_words(why: Blocked, name: &str) -> String {
    match why {
        Blocked::Notify => format!("waits for a notify on {name}"),
        Blocked::Permit => format!("waits for a permit of {name} (0 left)"),
        Blocked::Queued { ahead } => {
            format!("waits in {name}'s queue for a permit ({ahead} ahead)")
        }
        Blocked::Barrier { arrived, n } => {
            format!("waits at barrier {name} ({arrived} of {n} arrived)")
        }
        Blocked::Writer(t) => format!("waits for {name}: thread {t} holds it to write"),
        Blocked::Readers(k) => format!("waits for {name}: {k} reader(s) hold it"),
        Blocked::Full { capacity } => format!("waits for room in {name} (full at {capacity})"),
        Blocked::Empty => format!("waits for a value on {name} (empty)"),
        Blocked::Receiver => format!("waits for a thread to receive its value on {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CV: Obj = 0;

    fn cv() -> SyncState {
        SyncState::with([(CV, Kind::Condvar)], 0)
    }

    #[test]
    fn a_notify_one_wakes_one_of_the_threads_waiting_then_and_no_later_one() {
        let mut s = cv();
        s.apply(1, Op::Sync(CV, SyncOp::Wait), 0, 0);
        s.apply(2, Op::Sync(CV, SyncOp::Wait), 0, 1);
        s.apply(3, Op::Sync(CV, SyncOp::NotifyOne), 0, 2);
        s.apply(4, Op::Sync(CV, SyncOp::Wait), 0, 3);
        let wake = Op::Sync(CV, SyncOp::Wake);
        assert_eq!(s.ready(1, wake), Ready::Yes);
        assert_eq!(s.ready(2, wake), Ready::Yes);
        assert_eq!(s.ready(4, wake), Ready::No(Blocked::Notify));
        let woken = s.apply(2, wake, 0, 4);
        assert_eq!(woken, Effect::Woken(Woken::Notify { step: 2 }));
        assert_eq!(s.ready(1, wake), Ready::No(Blocked::Notify), "one token");
    }

    #[test]
    fn a_notify_all_wakes_every_waiter_and_spurious_wakeups_are_bounded() {
        let mut s = SyncState::with([(CV, Kind::Condvar)], 1);
        let wake = Op::Sync(CV, SyncOp::Wake);
        s.apply(1, Op::Sync(CV, SyncOp::Wait), 0, 0);
        s.apply(2, Op::Sync(CV, SyncOp::Wait), 0, 1);
        assert_eq!(s.ready(1, wake), Ready::Spuriously);
        assert_eq!(s.apply(1, wake, 0, 2), Effect::Woken(Woken::Spurious));
        s.apply(1, Op::Sync(CV, SyncOp::Wait), 0, 3);
        assert_eq!(s.ready(1, wake), Ready::No(Blocked::Notify), "bound spent");
        s.apply(3, Op::Sync(CV, SyncOp::NotifyAll), 0, 4);
        assert_eq!(s.ready(1, wake), Ready::Yes);
        assert_eq!(s.ready(2, wake), Ready::Yes);
    }

    #[test]
    fn a_fifo_semaphore_hands_a_freed_permit_to_its_longest_waiter() {
        let sem = Kind::Semaphore {
            permits: 0,
            fifo: true,
        };
        let mut s = SyncState::with([(0, sem)], 0);
        let acquire = Op::Sync(0, SyncOp::Acquire);
        assert_eq!(s.ready(1, acquire), Ready::Yes, "a FIFO acquire queues");
        s.apply(1, acquire, 0, 0);
        s.apply(2, acquire, 0, 1);
        s.apply(3, Op::Sync(0, SyncOp::Release), 0, 2);
        let granted = Op::Sync(0, SyncOp::Granted);
        assert_eq!(s.ready(1, granted), Ready::Yes);
        assert_eq!(s.ready(2, granted), Ready::No(Blocked::Queued { ahead: 0 }));
        let weak = Kind::Semaphore {
            permits: 0,
            fifo: false,
        };
        let s = SyncState::with([(0, weak)], 0);
        assert_eq!(s.ready(1, acquire), Ready::No(Blocked::Permit));
    }

    #[test]
    fn a_barrier_lets_its_round_go_when_the_last_arrives() {
        let mut s = SyncState::with([(0, Kind::Barrier { n: 2 })], 0);
        let (arrive, depart) = (Op::Sync(0, SyncOp::Arrive), Op::Sync(0, SyncOp::Depart));
        s.apply(1, arrive, 0, 0);
        assert_eq!(
            s.ready(1, depart),
            Ready::No(Blocked::Barrier { arrived: 1, n: 2 })
        );
        s.apply(2, arrive, 0, 1);
        assert_eq!(s.ready(1, depart), Ready::Yes);
    }

    #[test]
    fn channels_wait_when_full_or_empty_and_a_rendezvous_sender_waits_for_its_taker() {
        let mut s = SyncState::with(
            [
                (0, Kind::Channel { capacity: Some(1) }),
                (1, Kind::Channel { capacity: Some(0) }),
            ],
            0,
        );
        assert_eq!(
            s.ready(2, Op::Sync(0, SyncOp::Recv)),
            Ready::No(Blocked::Empty)
        );
        s.apply(1, Op::Sync(0, SyncOp::Send), 5, 0);
        assert_eq!(
            s.ready(1, Op::Sync(0, SyncOp::Send)),
            Ready::No(Blocked::Full { capacity: 1 })
        );
        let got = s.apply(2, Op::Sync(0, SyncOp::Recv), 0, 1);
        assert_eq!(got, Effect::Received { value: 5, from: 1 });
        s.apply(1, Op::Sync(1, SyncOp::Send), 7, 2);
        assert_eq!(
            s.ready(1, Op::Sync(1, SyncOp::Delivered)),
            Ready::No(Blocked::Receiver)
        );
        s.apply(2, Op::Sync(1, SyncOp::Recv), 0, 3);
        assert_eq!(s.ready(1, Op::Sync(1, SyncOp::Delivered)), Ready::Yes);
    }
}
