//! Exercise `ticket-lock`: this test-and-set lock is safe, but a thread that leaves can take it
//! straight back while the other waits. Make it fair: once a thread waits, the other gets in
//! before it at most once (first come, first served).
//!
//! Check your fix with `racelab exercise check ticket-lock`; stuck? `racelab exercise hint
//! ticket-lock`.
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
    // TODO: whoever's compare_exchange comes first wins, however long the other has waited.
    let mut waiting = Waiting::default();
    while hand.locked.compare_exchange(cx, 0, 1).is_err() {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    hand.locked.store(cx, 0);
}
