//! The work: a CPU-bound checksum of a calibrated length, or an I/O wait (a timer standing in
//! for a network or disk wait). Each task's result is a number that only that task yields.

use std::time::{Duration, Instant};

/// A kind of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Computing: the task needs a core the whole time.
    Cpu,
    /// Waiting: the task needs no core while it waits.
    Io,
}

impl Work {
    /// `cpu` or `io`.
    pub fn name(self) -> &'static str {
        match self {
            Work::Cpu => "cpu",
            Work::Io => "io",
        }
    }

    /// The work called `name`.
    pub fn named(name: &str) -> Option<Work> {
        match name {
            "cpu" => Some(Work::Cpu),
            "io" => Some(Work::Io),
            _ => None,
        }
    }
}

/// One task's work: what kind, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// CPU or I/O.
    pub work: Work,
    /// Rounds of the checksum (CPU), or milliseconds of waiting (I/O).
    pub units: u64,
}

impl Task {
    /// A task of `work` that takes about `ms` milliseconds on this machine, on one core.
    pub fn calibrated(work: Work, ms: u64) -> Task {
        let units = match work {
            Work::Io => ms,
            Work::Cpu => {
                let trial = 200_000;
                let started = Instant::now();
                std::hint::black_box(mix(1, trial));
                let per_ms = trial as f64 / started.elapsed().as_secs_f64().max(1e-9) / 1000.0;
                (per_ms * ms as f64).max(1.0) as u64
            }
        };
        Task { work, units }
    }

    /// Does task number `index` and returns its result.
    pub fn run(self, index: usize) -> u64 {
        match self.work {
            Work::Cpu => mix(index as u64 + 1, self.units),
            Work::Io => {
                std::thread::sleep(Duration::from_millis(self.units));
                waited(index)
            }
        }
    }

    /// The result of task number `index` after its wait, for a wait done elsewhere (an async
    /// timer).
    pub fn after_wait(index: usize) -> u64 {
        waited(index)
    }
}

/// What a waiting task yields: its own number, mixed, so that a lost or doubled task shows.
fn waited(index: usize) -> u64 {
    mix(index as u64 + 1, 8)
}

/// `rounds` rounds of a 64-bit mixing function from `seed`: work for a core, nothing to wait for.
pub fn mix(seed: u64, rounds: u64) -> u64 {
    let mut x = seed;
    for _ in 0..rounds {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 29;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    }
    x
}

/// Adds task results into a checksum: a wrapping sum, the same in any order.
pub fn combine(results: impl IntoIterator<Item = u64>) -> u64 {
    results.into_iter().fold(0, u64::wrapping_add)
}

/// The checksum of tasks 0..`tasks` where it is known without doing them (waits); none for
/// computations, whose checksum is one chef's.
pub fn known_checksum(task: Task, tasks: usize) -> Option<u64> {
    (task.work == Work::Io).then(|| combine((0..tasks).map(waited)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_in_slices_give_the_same_checksum() {
        assert_eq!(mix(mix(7, 300), 700), mix(7, 1000));
        assert_ne!(mix(7, 1000), mix(8, 1000));
    }

    #[test]
    fn waits_are_known_and_computations_are_not() {
        let io = Task {
            work: Work::Io,
            units: 1,
        };
        assert_eq!(
            known_checksum(io, 3),
            Some(combine((0..3).map(|i| io.run(i))))
        );
        assert_eq!(
            known_checksum(
                Task {
                    work: Work::Cpu,
                    units: 5
                },
                3
            ),
            None
        );
    }
}
