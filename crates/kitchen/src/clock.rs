//! Wall-clock and CPU time of one model's run: this process and the child processes it waited
//! for, so that processes count their CPU too.

use nix::sys::resource::{getrusage, UsageWho};
use std::time::Instant;

/// What a run returned, and what it cost.
pub(crate) struct Measured<T> {
    pub value: T,
    pub wall_ms: f64,
    pub cpu_ms: f64,
}

/// CPU time so far, user and system, of this process and its waited-for children, in ms.
fn cpu_ms() -> f64 {
    [UsageWho::RUSAGE_SELF, UsageWho::RUSAGE_CHILDREN]
        .into_iter()
        .filter_map(|who| getrusage(who).ok())
        .map(|usage| {
            let (user, system) = (usage.user_time(), usage.system_time());
            let seconds = user.tv_sec() + system.tv_sec();
            let micros = user.tv_usec() + system.tv_usec();
            seconds as f64 * 1000.0 + micros as f64 / 1000.0
        })
        .sum()
}

/// Runs `f`, and measures it.
pub(crate) fn measure<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<Measured<T>, E> {
    let (cpu, wall) = (cpu_ms(), Instant::now());
    let value = f()?;
    Ok(Measured {
        value,
        wall_ms: wall.elapsed().as_secs_f64() * 1000.0,
        cpu_ms: (cpu_ms() - cpu).max(0.0),
    })
}
