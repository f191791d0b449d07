//! Exercise `publish-fence`: the same message, with every access kept Relaxed, made correct by
//! fences alone.
//!
//! Sometimes you cannot change the accesses (another library makes them). A fence orders the
//! accesses around it: a Release fence before a Relaxed store works like a Release store, and an
//! Acquire fence after a Relaxed load works like an Acquire load, once that load has seen the
//! store. Thread 1 writes the data, then raises the flag; thread 2, once it sees the flag, must
//! read 42.
//!
//! Check your fix with `racelab exercise check publish-fence`; stuck? `racelab exercise hint publish-fence`.
//!
//! What you can use (every access takes `cx`, so that racelab can show what each thread did):
//! - `message.data`, `message.flag`: `load_with(cx, Relaxed)`, `store_with(cx, v, Relaxed)`
//!   (keep them Relaxed);
//! - `fence::<R>(cx, ordering)`: a fence, with `Release`, `Acquire`, `AcqRel` or `SeqCst`.

use publish_race::{Message, DATA, NOT_READ};
#[allow(unused_imports)]
use racelab_core::fence;
use racelab_core::{Ctx, Runtime};
#[allow(unused_imports)]
use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release, SeqCst};

/// Thread 1 publishes [`DATA`]; thread 2 returns the data it read once it saw the flag, or
/// [`NOT_READ`].
pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        // TODO: a fence here, so that the data is written before the flag for every reader.
        message.flag.store_with(cx, 1, Relaxed);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Relaxed) == 1 {
            // TODO: a fence here, so that the data is read after the flag was seen.
            return message.data.load_with(cx, Relaxed);
        }
    }
    NOT_READ
}
