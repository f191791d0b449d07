//! A wrong fix of `barrier`: the one-round barrier, reused without its second half. A fast thread
//! takes a permit left for a slow one and laps it.

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
