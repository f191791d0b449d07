//! A wrong fix of `barrier-one-round` (and of `barrier`): the turnstile is there, but the count is
//! loaded and stored with no lock. Two arrivals can count as one, and nobody opens it.

use barrier_race::Meeting;
use racelab_core::{Ctx, Runtime};

/// One thread's wait at the barrier, once per round.
pub fn meet<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
    let count = meeting.count.load(cx) + 1;
    meeting.count.store(cx, count);
    if count == meeting.threads {
        meeting.count.store(cx, 0);
        meeting.open(&meeting.turnstile, cx);
    }
    meeting.turnstile.acquire(cx);
}
