//! Exercise `publish`: pass a message from one thread to another with the weakest orderings that
//! make it correct.
//!
//! Thread 1 writes the data, then raises the flag. Thread 2 looks for the flag up to `iters`
//! times and, once it sees it up, reads the data. It must then read 42, never the old 0. As
//! written, every access is Relaxed, and Relaxed promises nothing about the order in which
//! another thread sees writes to two different cells.
//!
//! Check your fix with `racelab exercise check publish`; stuck? `racelab exercise hint publish`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `message.data`, `message.flag`: `load_with(cx, ordering)` and `store_with(cx, v,
//!   ordering)`, with `Relaxed`, `Release` (stores), `Acquire` (loads) or `SeqCst`.
//!
//! Code with orderings weaker than SeqCst is graded by loom, which models them. SeqCst
//! everywhere is correct too, but stronger than this needs: find the weakest.

use publish_race::{Message, DATA, NOT_READ};
use racelab_core::{Ctx, Runtime};
#[allow(unused_imports)]
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        // TODO: this store must publish the data written before it.
        message.flag.store_with(cx, 1, Relaxed);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        // TODO: once this load sees the flag, the data written before it must be seen too.
        if message.flag.load_with(cx, Relaxed) == 1 {
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
