//! `spin_loop`, shaped like `std::hint::spin_loop`: what a busy-waiting loop calls each turn.

use super::{checked, Ctx};
use crate::runtime::Runtime;

/// Tells the backend that this thread is busy-waiting for another. Call it once per turn of a
/// spin loop, as `std::hint::spin_loop()` is called.
///
/// loom needs it to explore a spin loop at all: it lets the other threads run before this one
/// turns again (loom's `yield_now`). Shuttle and real threads yield the processor. racelab's SC
/// checker takes nothing from it: it recognises a spin loop by its repeating reads and waits it
/// out (see the README's "Waiting"), so the hint adds no step there.
pub fn spin_loop<R: Runtime>(cx: &Ctx) {
    if !checked::checking(cx) {
        R::yield_now();
    }
}
