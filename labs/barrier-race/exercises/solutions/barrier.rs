//! Reference solution of `barrier`: two turnstiles (LBoS 3.7). The last to arrive opens the
//! first; the last to leave it opens the second, so no permit of one round is left for the
//! next.

use barrier_race::Meeting;
use racelab_core::{Ctx, Runtime};

/// One thread's wait at the barrier, once per round.
pub fn meet<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
    let guard = meeting.lock.lock(cx);
    let count = meeting.count.load(cx) + 1;
    meeting.count.store(cx, count);
    if count == meeting.threads {
        meeting.open(&meeting.turnstile, cx);
    }
    drop(guard);
    meeting.turnstile.acquire(cx);

    let guard = meeting.lock.lock(cx);
    let count = meeting.count.load(cx) - 1;
    meeting.count.store(cx, count);
    if count == 0 {
        meeting.open(&meeting.turnstile2, cx);
    }
    drop(guard);
    meeting.turnstile2.acquire(cx);
}
