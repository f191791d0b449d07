//! Exercise `barrier-one-round`: three threads meet once. Make no thread leave `meet` before
//! all three have arrived, with the count and the turnstile.
//!
//! Check your fix with `racelab exercise check barrier-one-round`; stuck? `racelab exercise hint
//! barrier-one-round`.
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
    // TODO: nothing waits for the other threads.
    let count = meeting.count.load(cx) + 1;
    meeting.count.store(cx, count);
}
