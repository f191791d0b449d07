//! The locks made by hand: one thread's pass through the critical section, written once for
//! every backend. Each variant takes its lock from the cells of [`Hand`], runs
//! `hand.critical_section`, and releases it. `waiting.starts(hand, cx)` marks the first moment
//! the thread has to wait, from which another thread's entry bypasses it.

use crate::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Release};

/// Racy: wait while the other thread's flag is up, then raise your own. Both threads can see the
/// other's flag down before either raises its own, and both go in.
pub fn two_flags<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let (mine, theirs) = hand.flags(cx);
    let mut waiting = Waiting::default();
    while theirs.load(cx) == 1 {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    mine.store(cx, 1);
    hand.critical_section(cx, waiting);
    mine.store(cx, 0);
}

/// Fix under sequential consistency: Peterson's lock. Raise your flag, give the other thread
/// the turn, and wait while its flag is up and the turn is still its. If both want in, the one
/// that gave the turn last waits.
pub fn peterson<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let (mine, theirs) = hand.flags(cx);
    let them = hand.other(cx);
    mine.store(cx, 1);
    hand.turn.store(cx, them);
    let mut waiting = Waiting::default();
    while theirs.load(cx) == 1 && hand.turn.load(cx) == them {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    mine.store(cx, 0);
}

/// Wrong fix under weak memory: Peterson's lock with Release stores and Acquire loads. Release
/// and Acquire order what comes before a store and after a load, never a store before a later
/// load, which is the order Peterson's lock needs: each thread's flag store can still sit in its
/// core's store buffer while it loads the other's flag, both read 0, and both go in (the dekker
/// lab's store buffering). Proven under sequential consistency; loom shows both inside.
pub fn peterson_acqrel<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let (mine, theirs) = hand.flags(cx);
    let them = hand.other(cx);
    mine.store_with(cx, 1, Release);
    hand.turn.store_with(cx, them, Release);
    let mut waiting = Waiting::default();
    while theirs.load_with(cx, Acquire) == 1 && hand.turn.load_with(cx, Acquire) == them {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    mine.store_with(cx, 0, Release);
}

/// Fix: a ticket lock. Take the next ticket with one `fetch_add`, wait until it is served, and
/// serve the next ticket when you leave. Threads go in in the order they took their tickets:
/// once a thread holds its ticket, each other thread goes in before it at most once.
pub fn ticket<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let ticket = hand.next_ticket.fetch_add(cx, 1);
    let mut waiting = Waiting::default();
    while hand.serving.load(cx) != ticket {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    hand.serving.store(cx, ticket + 1);
}

/// Fix: a test-and-set spin lock. `compare_exchange(0, 1)` sees the lock free and takes it in
/// one step; while it fails, spin. Safe, but not fair: a thread that leaves and comes back can
/// take the lock again before a thread that has been waiting all along.
pub fn test_and_set<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let mut waiting = Waiting::default();
    while hand.locked.compare_exchange(cx, 0, 1).is_err() {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    hand.locked.store(cx, 0);
}
