//! Reference solution of `peterson`: raise your flag, give the other thread the turn, and wait
//! while its flag is up and the turn is its. If both want in, the one that gave the turn last
//! waits.

use locks_by_hand_race::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};

/// One pass through the critical section: take the lock, `hand.critical_section`, release it.
pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
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
