//! Events of the SC checker: what one scheduling step does to shared state, and when two steps
//! are dependent (their order can change what the program sees).

/// A thread, as the scheduler numbers it: 0 is the harness's main thread, lab thread `k` is `k`.
pub(crate) type Tid = usize;

/// A cell or lock of one execution, numbered in the order it was created (the same in every
/// execution that replays the same prefix, unlike its address).
pub(crate) type Obj = usize;

/// The shared-memory effect of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    /// A thread's first step: local code up to its first shared operation.
    Start,
    /// A load, or a compare-exchange that failed.
    Read(Obj),
    /// A store, fetch_add or successful compare-exchange; a compare-exchange not yet run, too.
    Write(Obj),
    /// Takes a lock.
    Lock(Obj),
    /// Releases a lock.
    Unlock(Obj),
    /// The main thread starts lab thread `Tid`.
    Spawn(Tid),
    /// The main thread waits for lab thread `Tid` to finish.
    Join(Tid),
    /// A cooperative task's await point: the task yields here, so switching away from it is
    /// no preemption. Dependent with every access, since await points order everything a
    /// cooperative task touches.
    Await,
    /// A step the checker cannot see into: dependent with every access.
    Global,
    /// The thread offers the processor to another (`yield_now`): touches nothing, and switching
    /// away here is no preemption.
    Yield,
}

impl Op {
    /// What the step does, in the timeline's words.
    pub fn word(self) -> &'static str {
        match self {
            Op::Start => "start",
            Op::Read(_) => "load",
            Op::Write(_) => "store",
            Op::Lock(_) => "lock",
            Op::Unlock(_) => "unlock",
            Op::Spawn(_) => "spawn",
            Op::Join(_) => "join",
            Op::Await => "await",
            Op::Global => "a step",
            Op::Yield => "yield",
        }
    }

    /// The cell or lock it touches, if it touches one.
    pub fn object(self) -> Option<Obj> {
        match self {
            Op::Read(o) | Op::Write(o) | Op::Lock(o) | Op::Unlock(o) => Some(o),
            _ => None,
        }
    }

    /// Whether swapping two adjacent steps with these effects can change what either sees.
    /// Lock operations on one lock are dependent (an unlock enables the next lock); spawn and
    /// join order threads through happens-before instead.
    pub fn dependent(self, other: Op) -> bool {
        use Op::*;
        match (self, other) {
            (Start | Yield | Spawn(_) | Join(_), _) | (_, Start | Yield | Spawn(_) | Join(_)) => {
                false
            }
            (Global | Await, _) | (_, Global | Await) => true,
            (Read(a), Write(b)) | (Write(a), Read(b)) | (Write(a), Write(b)) => a == b,
            (Lock(a) | Unlock(a), Lock(b) | Unlock(b)) => a == b,
            _ => false,
        }
    }
}

/// One executed step of one thread.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Event {
    /// Who ran.
    pub tid: Tid,
    /// What it did, as it turned out (a failed compare-exchange is a read).
    pub op: Op,
    /// The write that woke this thread from a spin wait, if this is its first step after.
    pub woken_by: Option<usize>,
    /// How many recorded steps (timeline rows) preceded this event.
    pub first_step: usize,
    /// A spinning thread's read, taken because nothing else could run (not shown in timelines:
    /// it repeats the read before it).
    pub released: bool,
}

/// Whether events `a` and `b` (of two threads) touch the same thing and one changes it, or `b`
/// must follow `a` because `a` starts or ends `b`'s thread.
pub(crate) fn ordered(a: &Event, b: &Event) -> bool {
    a.tid == b.tid || a.op.dependent(b.op) || a.op == Op::Spawn(b.tid) || b.op == Op::Join(a.tid)
}

#[cfg(test)]
mod tests {
    use super::Op::*;

    #[test]
    fn reads_commute_and_writes_do_not() {
        assert!(!Read(1).dependent(Read(1)));
        assert!(Read(1).dependent(Write(1)));
        assert!(Write(1).dependent(Write(1)));
        assert!(!Write(1).dependent(Write(2)));
    }

    #[test]
    fn locks_order_one_lock_and_await_points_order_everything() {
        assert!(Lock(3).dependent(Lock(3)));
        assert!(Unlock(3).dependent(Lock(3)));
        assert!(!Lock(3).dependent(Lock(4)));
        assert!(Global.dependent(Read(9)));
        assert!(!Global.dependent(Start));
        assert!(!Spawn(1).dependent(Write(1)));
    }
}
