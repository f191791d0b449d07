//! The bounded buffer's variants: one put (by a producer) or one take (by a consumer), written
//! once for every backend. `buffer.put(cx)` and `buffer.take(cx)` change the number of items and
//! count a put into a full buffer or a take from an empty one; each variant decides what makes
//! them safe.

use crate::{Buffer, Role};
use racelab_core::{Ctx, Runtime};

/// Racy: `if` around the wait. A woken consumer takes without looking again, but between the
/// notify and its return from `wait` another consumer can take the item (a stolen wakeup), and a
/// wait may also return with no notify at all (a spurious wakeup): it takes from an empty buffer.
pub fn if_wait<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let mut guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            while buffer.is_full(cx) {
                guard = buffer.not_full.wait(cx, guard);
            }
            buffer.put(cx);
            buffer.not_empty.notify_one(cx);
        }
        Role::Consumer => {
            if buffer.is_empty(cx) {
                guard = buffer.not_empty.wait(cx, guard);
            }
            buffer.take(cx);
            buffer.not_full.notify_one(cx);
        }
    }
    drop(guard);
}

/// Wrong fix: `while` around the wait, but one condition variable for both conditions, and
/// `notify_one`. A consumer that takes the last item may wake the other consumer instead of the
/// producer; that consumer finds the buffer empty and waits again, and nobody is left to wake
/// the producer: every thread waits.
pub fn one_condvar<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let mut guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            while buffer.is_full(cx) {
                guard = buffer.changed.wait(cx, guard);
            }
            buffer.put(cx);
        }
        Role::Consumer => {
            while buffer.is_empty(cx) {
                guard = buffer.changed.wait(cx, guard);
            }
            buffer.take(cx);
        }
    }
    buffer.changed.notify_one(cx);
    drop(guard);
}

/// Fix: `while` around each wait, and a condition variable for each condition. A producer
/// notifies only consumers (`not_empty`), a consumer only producers (`not_full`), and every
/// woken thread looks at the buffer again before it acts.
pub fn two_condvars<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let mut guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            while buffer.is_full(cx) {
                guard = buffer.not_full.wait(cx, guard);
            }
            buffer.put(cx);
            buffer.not_empty.notify_one(cx);
        }
        Role::Consumer => {
            while buffer.is_empty(cx) {
                guard = buffer.not_empty.wait(cx, guard);
            }
            buffer.take(cx);
            buffer.not_full.notify_one(cx);
        }
    }
    drop(guard);
}

/// Fix: two counting semaphores and a mutex. `slots` counts the free places and `items` the full
/// ones; a thread waits on its semaphore *before* it takes the mutex, and holds the mutex only
/// for the put or the take.
pub fn semaphores<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Producer => {
            buffer.slots.acquire(cx);
            let guard = buffer.lock.lock(cx);
            buffer.put(cx);
            drop(guard);
            buffer.items.release(cx);
        }
        Role::Consumer => {
            buffer.items.acquire(cx);
            let guard = buffer.lock.lock(cx);
            buffer.take(cx);
            drop(guard);
            buffer.slots.release(cx);
        }
    }
}

/// Wrong fix: the same semaphores, with the mutex taken first. A consumer holds the mutex while
/// it waits for an item, and the producer that would put one waits for the mutex: a deadlock.
pub fn mutex_outside<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    let guard = buffer.lock.lock(cx);
    match role {
        Role::Producer => {
            buffer.slots.acquire(cx);
            buffer.put(cx);
            buffer.items.release(cx);
        }
        Role::Consumer => {
            buffer.items.acquire(cx);
            buffer.take(cx);
            buffer.slots.release(cx);
        }
    }
    drop(guard);
}

/// Fix: a bounded channel of the same capacity. `send` waits while it is full and `recv` while
/// it is empty; the waiting is the channel's, written and checked once.
pub fn channel<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Producer => buffer.send(cx),
        Role::Consumer => buffer.recv(cx),
    }
}
