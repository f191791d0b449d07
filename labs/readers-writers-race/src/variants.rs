//! The readers-writers variants: one read (by a reader) or one write (by the writer, thread 1),
//! written once for every backend. `library.read(cx)` reads the pair and `library.write(cx)`
//! writes it; `library.writer_waits(cx)` marks the moment from which a reader that gets in
//! bypasses the waiting writer.

use crate::{Library, Role};
use racelab_core::{Ctx, Runtime, Semaphore};

/// Racy: no lock. The writer stores the pair's two halves one after the other, and a reader
/// between the two stores reads one new half and one old.
pub fn racy<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => library.write(cx),
        Role::Reader => library.read(cx),
    }
}

/// Fix, and a starving writer: a lightswitch. The first reader in locks the room for all
/// readers, the last reader out unlocks it; the writer locks the room for itself. While readers
/// overlap, the room never comes free, and the writer waits as long as they keep coming.
pub fn lightswitch<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            library.writer_waits(cx);
            library.room.acquire(cx);
            library.write(cx);
            library.room.release(cx);
        }
        Role::Reader => {
            let guard = library.readers_lock.lock(cx);
            let readers = library.readers.load(cx) + 1;
            library.readers.store(cx, readers);
            if readers == 1 {
                library.room.acquire(cx);
            }
            drop(guard);
            library.read(cx);
            let guard = library.readers_lock.lock(cx);
            let readers = library.readers.load(cx) - 1;
            library.readers.store(cx, readers);
            if readers == 0 {
                library.room.release(cx);
            }
            drop(guard);
        }
    }
}

/// Fix: a lightswitch behind a turnstile. Every reader passes the turnstile (takes it and puts
/// it back at once) before it enters; the writer takes the turnstile and keeps it while it waits
/// for the room. From then on no new reader gets past it, so only the readers already through
/// can get in before the writer. The turnstile is a FIFO semaphore: a writer queued for it gets
/// it after the readers queued before it, however fast the others come back.
pub fn no_starve<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    behind(&library.turnstile, library, cx, role);
}

/// Fix, and a starving writer again: the same turnstile as a weak semaphore. A freed permit goes
/// to whichever thread runs first, so readers that keep passing the turnstile may keep the
/// writer waiting for the turnstile itself (Downey's no-starve solution assumes a strong one).
pub fn weak_turnstile<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    behind(&library.weak_turnstile, library, cx, role);
}

/// The lightswitch behind `turnstile`.
fn behind<R: Runtime>(turnstile: &Semaphore<R>, library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            turnstile.acquire(cx);
            library.writer_waits(cx);
            library.room.acquire(cx);
            library.write(cx);
            turnstile.release(cx);
            library.room.release(cx);
        }
        Role::Reader => {
            turnstile.acquire(cx);
            turnstile.release(cx);
            let guard = library.readers_lock.lock(cx);
            let readers = library.readers.load(cx) + 1;
            library.readers.store(cx, readers);
            if readers == 1 {
                library.room.acquire(cx);
            }
            drop(guard);
            library.read(cx);
            let guard = library.readers_lock.lock(cx);
            let readers = library.readers.load(cx) - 1;
            library.readers.store(cx, readers);
            if readers == 0 {
                library.room.release(cx);
            }
            drop(guard);
        }
    }
}

/// Fix: racelab's `RwLock`, shaped like std's: `read` lets readers in together, `write` lets the
/// writer in alone. Like std's, it promises nothing about who goes first: readers may keep a
/// waiting writer out.
pub fn rwlock<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role) {
    match role {
        Role::Writer => {
            library.writer_waits(cx);
            let _writing = library.rwlock.write(cx);
            library.write(cx);
        }
        Role::Reader => {
            let _reading = library.rwlock.read(cx);
            library.read(cx);
        }
    }
}
