//! A wrong fix of `barrier-one-round`: the last thread releases one permit, not one per thread,
//! and nobody passes it on. One thread goes through; the others wait for ever.

use barrier_race::Meeting;
use racelab_core::{Ctx, Runtime};

/// One thread's wait at the barrier, once per round.
pub fn meet<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
    let guard = meeting.lock.lock(cx);
    let count = meeting.count.load(cx) + 1;
    meeting.count.store(cx, count);
    if count == meeting.threads {
        meeting.turnstile.release(cx);
    }
    drop(guard);
    meeting.turnstile.acquire(cx);
}
