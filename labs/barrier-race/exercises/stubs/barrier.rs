//! Exercise `barrier`: two threads meet at the end of every round, round after round. This
//! barrier works for one round; make it reusable, so that no thread leaves round r's `meet`
//! before every thread has arrived at it.
//!
//! Check your fix with `racelab exercise check barrier`; stuck? `racelab exercise hint barrier`.
//!
//! What you can use (everything takes `cx`, so that racelab can show what each thread did):
//! - `meeting.count`: a cell for the arrivals, guarded by `meeting.lock`;
//!   `meeting.threads`: how many threads meet;
//! - `meeting.turnstile`, `meeting.turnstile2`: semaphores with no permit at first
//!   (`acquire(cx)`, `release(cx)`); `meeting.open(&meeting.turnstile, cx)` releases one permit
//!   per thread.

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
    // TODO: a fast thread comes round to the next round and takes a permit left for a slow one.
}
