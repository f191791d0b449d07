//! Reference solution of `ticket-lock`: take a ticket with one `fetch_add`, wait until it is
//! served, serve the next one when you leave. Threads go in in ticket order.

use locks_by_hand_race::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};

/// One pass through the critical section: take the lock, `hand.critical_section`, release it.
pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let ticket = hand.next_ticket.fetch_add(cx, 1);
    let mut waiting = Waiting::default();
    while hand.serving.load(cx) != ticket {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    hand.serving.store(cx, ticket + 1);
}
