//! Exercise `peterson`: two threads, two flags, and both get in. Make the lock correct with one
//! more cell, `hand.turn` (Peterson's lock).
//!
//! Check your fix with `racelab exercise check peterson`; stuck? `racelab exercise hint
//! peterson`.
//!
//! What you can use (every cell takes `cx`, so that racelab can show what each thread did):
//! - `hand.flags(cx)`: this thread's flag and the other's (cells, 1 = wants in);
//!   `hand.turn`: a cell; `hand.other(cx)`: the other thread's number;
//! - `hand.next_ticket`, `hand.serving`, `hand.locked`: more cells (`load`, `store`,
//!   `fetch_add`, `compare_exchange`);
//! - in a spin loop, call `waiting.starts(hand, cx)` (it measures how long you wait) and
//!   `hint::spin_loop::<R>(cx)` each turn;
//! - `hand.critical_section(cx, waiting)`: the critical section itself.

use locks_by_hand_race::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};

/// One pass through the critical section: take the lock, `hand.critical_section`, release it.
pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let (mine, theirs) = hand.flags(cx);
    let mut waiting = Waiting::default();
    // TODO: both threads can see the other's flag down before either raises its own.
    while theirs.load(cx) == 1 {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    mine.store(cx, 1);
    hand.critical_section(cx, waiting);
    mine.store(cx, 0);
}
