//! A wrong fix of `peterson`: raise your flag first, then wait while the other's is up. No one
//! gets in together now, but if both raise their flags, each waits for the other for ever.

use locks_by_hand_race::{Hand, Waiting};
use racelab_core::{hint, Ctx, Runtime};

/// One pass through the critical section: take the lock, `hand.critical_section`, release it.
pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx) {
    let (mine, theirs) = hand.flags(cx);
    mine.store(cx, 1);
    let mut waiting = Waiting::default();
    while theirs.load(cx) == 1 {
        waiting.starts(hand, cx);
        hint::spin_loop::<R>(cx);
    }
    hand.critical_section(cx, waiting);
    mine.store(cx, 0);
}
