//! Steps and traces: what each thread did to shared memory, in the order it ran.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The kind of a shared-memory action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read a cell (`value` is what was read).
    Load,
    /// Wrote a cell (`value` is what was written).
    Store,
    /// Added to a cell in one step (`value` is the value written).
    FetchAdd,
    /// Added to a cell in one step, reading nothing back (`value` is the value written).
    Add,
    /// A compare-exchange that succeeded (`value` is the value written).
    Cas,
    /// A compare-exchange that failed (`value` is the value seen instead).
    CasFailed,
    /// Took a lock.
    Lock,
    /// Released a lock.
    Unlock,
    /// A memory fence (`value` is none).
    Fence,
    /// Was about to wait for a lock whose holder waits for this thread: a deadlock (`value` is
    /// the holder's thread number).
    Deadlock,
    /// A task awaited: the executor may run another task here.
    Await,
    /// Waits for another thread to change a cell that it keeps reading, and none can (`value`
    /// is the value it keeps seeing): the end of a hang.
    Spin,
    /// A `try_lock` (its note says whether it took the lock).
    TryLock,
    /// Waits on a condition variable, releasing the lock.
    Wait,
    /// Leaves a condition variable's wait (its note says what woke it).
    Wake,
    /// `notify_one` (its note says whom it woke).
    NotifyOne,
    /// `notify_all`.
    NotifyAll,
    /// Takes a semaphore's permit (or queues for one).
    Acquire,
    /// `try_acquire` on a semaphore.
    TryAcquire,
    /// Gives a semaphore a permit.
    Release,
    /// Arrives at, or leaves, a barrier.
    Barrier,
    /// Takes a read-write lock to read.
    ReadLock,
    /// Releases a read lock.
    ReadUnlock,
    /// Takes a read-write lock to write.
    WriteLock,
    /// Releases a write lock.
    WriteUnlock,
    /// Sends a value on a channel (`value`).
    Send,
    /// Receives a value from a channel (`value`).
    Recv,
    /// Waits on a waiting primitive, and nothing can end the wait: the end of a deadlock (its
    /// note says what it waits for).
    Blocked,
}

impl Action {
    /// The word used in timelines.
    pub fn word(self) -> &'static str {
        match self {
            Action::Load => "load",
            Action::Store => "store",
            Action::FetchAdd => "fetch_add",
            Action::Add => "add",
            Action::Cas => "cas",
            Action::CasFailed => "cas failed",
            Action::Lock => "lock",
            Action::Unlock => "unlock",
            Action::Fence => "fence",
            Action::Deadlock => "deadlock",
            Action::Await => "await",
            Action::Spin => "waits for a change of",
            Action::TryLock => "try_lock",
            Action::Wait => "wait",
            Action::Wake => "wakes from",
            Action::NotifyOne => "notify_one",
            Action::NotifyAll => "notify_all",
            Action::Acquire => "acquire",
            Action::TryAcquire => "try_acquire",
            Action::Release => "release",
            Action::Barrier => "barrier",
            Action::ReadLock => "read-lock",
            Action::ReadUnlock => "read-unlock",
            Action::WriteLock => "write-lock",
            Action::WriteUnlock => "write-unlock",
            Action::Send => "send",
            Action::Recv => "recv",
            Action::Blocked => "waits on",
        }
    }

    /// Whether it is a step of a waiting primitive (its words are its action, target and note).
    pub fn is_waiting_primitive(self) -> bool {
        !matches!(
            self,
            Action::Load
                | Action::Store
                | Action::FetchAdd
                | Action::Add
                | Action::Cas
                | Action::CasFailed
                | Action::Lock
                | Action::Unlock
                | Action::Fence
                | Action::Deadlock
                | Action::Await
                | Action::Spin
        )
    }
}

/// One shared-memory action of one thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The lab thread that acted, numbered from 1.
    pub thread: usize,
    /// What it did.
    pub action: Action,
    /// The cell or lock it acted on.
    pub target: Cow<'static, str>,
    /// The value read or written (none for locks).
    pub value: Option<i64>,
    /// A load that returned an older value than the latest store (possible only under loom).
    pub stale: bool,
    /// The memory ordering, when it is not `SeqCst` (`Relaxed`, `Acquire`, `Release`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordering: Option<Cow<'static, str>>,
    /// The source file of the lab code that acted.
    pub file: Cow<'static, str>,
    /// The line of the lab code that acted.
    pub line: u32,
    /// The thread this step preempts: the scheduler switched to this step's thread away from
    /// that one, which could have gone on (set by the scheduler that made the switch, so a
    /// counterexample's preemptions are exactly its steps that carry one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preempts: Option<usize>,
    /// The rest of a waiting primitive's step in words, after its action and target
    /// (` (releases buffer)`, ` -> wakes t2`, `: 0 permits, waits`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Collects the steps of one execution.
///
/// Model threads run one at a time on one OS thread, so the order of pushes is the order in
/// which the steps ran. It is a std mutex, so recording adds no scheduling point. What a
/// scheduler asks or says at every step (how many steps there are, a preemption it made) is
/// atomic beside it (released by the writer, acquired by the reader: plain moves on x86), so
/// that asking takes no lock.
///
/// It also remembers every ordering weaker than `SeqCst` that any recorded step used, across
/// `clear` and `take`: the orderings a sequentially consistent checker cannot judge.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Shared>);

#[derive(Debug, Default)]
struct Shared {
    recorded: Mutex<Recorded>,
    /// How many steps are recorded.
    len: AtomicUsize,
    /// A preemption the scheduler just made, [`Preemption`] packed: the next step of its
    /// thread carries it.
    preemption: AtomicU64,
}

#[derive(Debug, Default)]
struct Recorded {
    steps: Vec<Step>,
    weak: BTreeSet<&'static str>,
}

/// A switch from thread `from` to thread `to` that preempted `from`, packed in 64 bits: `to`
/// plus one above, `from` below (0 for none).
struct Preemption;

impl Preemption {
    fn pack(from: usize, to: usize) -> u64 {
        ((to as u64 + 1) << 32) | (from as u64 & u64::from(u32::MAX))
    }

    /// `(from, to)`, if there is one.
    fn unpack(packed: u64) -> Option<(usize, usize)> {
        let to = (packed >> 32).checked_sub(1)?;
        Some(((packed & u64::from(u32::MAX)) as usize, to as usize))
    }
}

impl Recorder {
    fn inner(&self) -> std::sync::MutexGuard<'_, Recorded> {
        (self.0.recorded.lock()).unwrap_or_else(|p| p.into_inner())
    }

    /// Appends one step; the first step of a thread that just preempted another says so.
    pub fn push(&self, mut step: Step) {
        let mut inner = self.inner();
        let preemption = Preemption::unpack(self.0.preemption.load(Ordering::Acquire));
        if let Some((from, to)) = preemption {
            if to == step.thread {
                step.preempts = Some(from);
                self.0.preemption.store(0, Ordering::Release);
            }
        }
        inner.steps.push(step);
        self.0.len.store(inner.steps.len(), Ordering::Release);
    }

    /// The scheduler switched from thread `from` to thread `to`: a preemption when `from` could
    /// have gone on. The next step `to` records carries it (a switch that records nothing
    /// before the next one shows nothing).
    pub fn switched(&self, from: usize, to: usize, preempted: bool) {
        if from != to {
            let packed = preempted.then(|| Preemption::pack(from, to));
            self.0
                .preemption
                .store(packed.unwrap_or(0), Ordering::Release);
        }
    }

    /// Notes that a step used `ordering`, weaker than `SeqCst`.
    pub fn note_weak(&self, ordering: &'static str) {
        self.inner().weak.insert(ordering);
    }

    /// Every ordering weaker than `SeqCst` used so far.
    pub fn weak(&self) -> BTreeSet<&'static str> {
        self.inner().weak.clone()
    }

    /// Replaces the note of step `index` (a `notify_one` learns later whom it woke).
    pub fn amend(&self, index: usize, note: String) {
        if let Some(step) = self.inner().steps.get_mut(index) {
            step.note = Some(note);
        }
    }

    /// Forgets the steps recorded so far, keeping the buffer.
    pub fn clear(&self) {
        let mut inner = self.inner();
        inner.steps.clear();
        self.0.len.store(0, Ordering::Release);
        self.0.preemption.store(0, Ordering::Release);
    }

    /// How many steps were recorded.
    pub fn len(&self) -> usize {
        self.0.len.load(Ordering::Acquire)
    }

    /// Whether no step was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the steps recorded so far.
    pub fn steps(&self) -> Vec<Step> {
        self.inner().steps.clone()
    }

    /// Takes the steps recorded so far.
    pub fn take(&self) -> Vec<Step> {
        let mut inner = self.inner();
        self.0.len.store(0, Ordering::Release);
        std::mem::take(&mut inner.steps)
    }
}

/// Marks the preemptions of a recorded trace whose scheduler's choices are not visible (loom's):
/// a switch away from a thread that still had work and was not about to wait for a lock. Returns
/// how many it marked.
pub fn mark_preemptions(steps: &mut [Step]) -> usize {
    let mut count = 0;
    for i in 1..steps.len() {
        let (from, to) = (steps[i - 1].thread, steps[i].thread);
        let preempts = from != to
            && steps[i + 1..]
                .iter()
                .find(|later| later.thread == from)
                .is_some_and(|next| next.action != Action::Lock);
        steps[i].preempts = preempts.then_some(from);
        count += usize::from(preempts);
    }
    count
}

/// How many steps of `steps` preempt another thread.
pub fn preemptions(steps: &[Step]) -> usize {
    steps.iter().filter(|s| s.preempts.is_some()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(thread: usize) -> Step {
        Step {
            thread,
            action: Action::Load,
            target: "x".into(),
            value: Some(0),
            stale: false,
            ordering: None,
            file: "lab.rs".into(),
            line: 1,
            preempts: None,
            note: None,
        }
    }

    #[test]
    fn a_preemption_goes_with_the_next_step_of_the_thread_switched_to() {
        let recorder = Recorder::default();
        recorder.push(step(1));
        recorder.switched(1, 0, true);
        recorder.push(step(2));
        recorder.push(step(0));
        recorder.switched(0, 2, false);
        recorder.push(step(2));
        recorder.switched(2, 3, true);
        recorder.switched(3, 1, true);
        recorder.push(step(3));
        recorder.push(step(1));
        let preempts: Vec<_> = recorder.steps().iter().map(|s| s.preempts).collect();
        assert_eq!(preempts, [None, None, Some(1), None, None, Some(3)]);
        assert_eq!(recorder.len(), 6);
        assert_eq!(recorder.take().len(), 6);
        assert!(recorder.is_empty());
        recorder.switched(1, 2, true);
        recorder.clear();
        recorder.push(step(2));
        assert_eq!(recorder.steps()[0].preempts, None, "cleared with the steps");
    }
}
