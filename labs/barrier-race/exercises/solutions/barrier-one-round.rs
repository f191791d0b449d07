//! Reference solution of `barrier-one-round`: the count under the lock; the last thread to
//! arrive opens the turnstile (a permit per thread), and every thread goes through it.

use barrier_race::Meeting;
use racelab_core::{Ctx, Runtime};

/// One thread's wait at the barrier, once per round.
pub fn meet<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
    let guard = meeting.lock.lock(cx);
    let count = meeting.count.load(cx) + 1;
    meeting.count.store(cx, count);
    if count == meeting.threads {
        meeting.count.store(cx, 0);
        meeting.open(&meeting.turnstile, cx);
    }
    drop(guard);
    meeting.turnstile.acquire(cx);
}
