//! A wrong fix of `peterson`: the turn given before the flag is raised. A thread can read the
//! other's flag down, and the other, giving the turn after, find its own turn and go in too.

use locks_by_hand_race::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};

/// One pass through the critical section: take the lock, `hand.critical_section`, release it.
pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let (mine, theirs) = hand.flags(cx);
    let them = hand.other(cx);
    hand.turn.store(cx, them);
    mine.store(cx, 1);
    let mut waiting = Waiting::default();
    while theirs.load(cx) == 1 && hand.turn.load(cx) == them {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    mine.store(cx, 0);
}
