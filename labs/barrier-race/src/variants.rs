//! The barrier variants: one thread's wait at the barrier, once per round, written once for
//! every backend. No thread may leave round r's wait before every thread has arrived at it.
//! Each variant gets the count and the turnstiles of [`Meeting`].

use crate::Meeting;
use racelab_core::{Ctx, Runtime};

/// Racy: the arrival count is loaded and stored with no lock. Two threads that arrive together
/// both load the same count and store the same count plus one: the count never reaches the
/// number of threads, nobody opens the turnstile, and every thread waits for ever.
pub fn racy_count<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
    let count = meeting.count.load(cx) + 1;
    meeting.count.store(cx, count);
    if count == meeting.threads {
        meeting.count.store(cx, 0);
        meeting.open(&meeting.turnstile, cx);
    }
    meeting.turnstile.acquire(cx);
}

/// Wrong fix: a one-round barrier reused. The last thread to arrive resets the count and lets
/// every thread through the turnstile (one permit each). A fast thread goes through, comes round
/// to the next round, and takes a permit left for a slow thread that has not gone through yet:
/// it laps the others.
pub fn turnstile_once<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
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

/// Fix: two turnstiles (LBoS 3.7, the preloaded version). Every thread goes through the first
/// when all have arrived, and through the second when all have left the first: a fast thread
/// waits at the second turnstile until the slowest has gone through the first, so nobody laps.
pub fn two_turnstiles<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
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

/// Fix: racelab's `Barrier`, shaped like std's: reusable, round after round.
pub fn std_barrier<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx) {
    meeting.barrier.wait(cx);
}
