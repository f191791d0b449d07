//! A wrong fix of `ticket-lock`: the ticket taken with a load and a store. Two threads can load
//! the same number, hold the same ticket, and go in together.

use locks_by_hand_race::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};

/// One pass through the critical section: take the lock, `hand.critical_section`, release it.
pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let ticket = hand.next_ticket.load(cx);
    hand.next_ticket.store(cx, ticket + 1);
    let mut waiting = Waiting::default();
    while hand.serving.load(cx) != ticket {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    hand.serving.store(cx, ticket + 1);
}
