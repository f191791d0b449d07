//! The publish variants: thread 1 writes the data and raises the flag; thread 2 looks for the
//! flag up to `iters` times and, once it is up, reads the data. Each returns what the reader
//! read (the writer returns [`NOT_READ`]).

use crate::{Message, DATA, NOT_READ};
use racelab_core::{Ctx, Runtime};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};

/// Racy: every access Relaxed. Relaxed promises nothing about the order in which another thread
/// sees two different cells: the reader can see the flag up and still read the data as 0.
pub fn relaxed<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        message.flag.store_with(cx, 1, Relaxed);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Relaxed) == 1 {
            return message.data.load_with(cx, Relaxed);
        }
        std::hint::spin_loop();
    }
    NOT_READ
}

/// Fix: the flag is stored with Release and loaded with Acquire. A Release store publishes
/// every write before it; an Acquire load that reads it sees them all. The data may stay
/// Relaxed: the flag carries it.
pub fn release_acquire<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, Relaxed);
        message.flag.store_with(cx, 1, Release);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, Acquire) == 1 {
            return message.data.load_with(cx, Relaxed);
        }
        std::hint::spin_loop();
    }
    NOT_READ
}

/// Fix: every access SeqCst. Stronger than needed here: all threads agree on one order of
/// every SeqCst access, which includes release/acquire's promise.
pub fn seqcst<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64 {
    if cx.thread() == 1 {
        message.data.store_with(cx, DATA, SeqCst);
        message.flag.store_with(cx, 1, SeqCst);
        return NOT_READ;
    }
    for _ in 0..cx.iters() {
        if message.flag.load_with(cx, SeqCst) == 1 {
            return message.data.load_with(cx, SeqCst);
        }
        std::hint::spin_loop();
    }
    NOT_READ
}
