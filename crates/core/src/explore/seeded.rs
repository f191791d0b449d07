//! Random and PCT exploration, split by seed: into units of schedules, each from its own seed,
//! run on `jobs` threads and merged in unit order. The result depends on the seed, the number of
//! schedules and the shard, never on the number of jobs. A shard (`I/N`) takes every N-th unit,
//! so N machines with shards 1/N .. N/N together run exactly the schedules of one machine.

use super::budget::Clock;
use super::findings::Findings;
use super::{shuttle_explorer, Run};
use crate::{Checker, Error, Lab, Params};
use serde::{Deserialize, Serialize};
use shuttle::scheduler::{PctScheduler, RandomScheduler};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Schedules per unit: each unit has its own seed, derived from the exploration's seed.
pub const SCHEDULES_PER_UNIT: u64 = 250;

/// One slice of a seeded exploration: unit `u` belongs to shard `u mod count + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which slice, from 1.
    pub index: u64,
    /// How many slices.
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` (1 <= I <= N), or says what is wrong.
    pub fn parse(text: &str) -> Result<Shard, Error> {
        let bad = || {
            Error::BadInput(format!(
                "--shard {text}: expected I/N with 1 <= I <= N, e.g. --shard 1/4"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether unit `unit` (from 0) is this slice's.
    pub(crate) fn owns(self, unit: u64) -> bool {
        unit % self.count + 1 == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The seed of unit `unit` (splitmix64 of the exploration's seed and the unit).
fn unit_seed(seed: u64, unit: u64) -> u64 {
    let mut z = seed ^ unit.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What a seeded exploration runs.
pub(crate) struct Plan {
    pub checker: Checker,
    pub seed: u64,
    pub schedules: u64,
    pub shard: Shard,
    pub jobs: usize,
    pub bound: Option<usize>,
}

/// Runs the shard's units of `plan` on `plan.jobs` threads; merges them in unit order.
pub(crate) fn explore<L: Lab>(
    lab: &L,
    variant: &'static str,
    params: &Params,
    plan: &Plan,
    clock: Clock,
) -> Result<Run, Error> {
    let units: Vec<(u64, u64)> = (0..plan.schedules.div_ceil(SCHEDULES_PER_UNIT))
        .filter(|&u| plan.shard.owns(u))
        .map(|u| {
            (
                u,
                SCHEDULES_PER_UNIT.min(plan.schedules - u * SCHEDULES_PER_UNIT),
            )
        })
        .collect();
    let results: Vec<Mutex<Option<Result<Run, Error>>>> =
        units.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // With stop_at_first: the first unit (in order) known to have a violation; later ones wait.
    let first_violating = AtomicUsize::new(usize::MAX);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(unit, schedules)) = units.get(i) else {
            return;
        };
        if i > first_violating.load(Ordering::Relaxed) {
            return;
        }
        let seed = unit_seed(plan.seed, unit);
        let n = schedules as usize;
        let run = if let Some(reason) = clock.spent(0) {
            Ok(Run {
                findings: Findings::default(),
                limited_by: Some(reason),
            })
        } else if plan.checker == Checker::Pct {
            let pct = Box::new(PctScheduler::new_from_seed(seed, super::PCT_DEPTH, n));
            shuttle_explorer::explore(lab, variant, params, pct, plan.bound, clock, plan.checker)
        } else {
            let random = Box::new(RandomScheduler::new_from_seed(seed, n));
            shuttle_explorer::explore(
                lab,
                variant,
                params,
                random,
                plan.bound,
                clock,
                plan.checker,
            )
        };
        let violated = run
            .as_ref()
            .is_ok_and(|run| run.findings.first_violation.is_some());
        if violated && clock.stop_at_first() {
            first_violating.fetch_min(i, Ordering::Relaxed);
        }
        *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(run);
    };
    std::thread::scope(|scope| {
        for _ in 1..plan.jobs.clamp(1, units.len().max(1)) {
            scope.spawn(work);
        }
        work();
    });
    let mut merged = Run {
        findings: Findings::default(),
        limited_by: None,
    };
    let last = first_violating.into_inner();
    for (i, result) in results.into_iter().enumerate().take(last.saturating_add(1)) {
        let run = result
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .expect("every unit up to the first violating one ran")?;
        merged.findings.merge(run.findings);
        merged.limited_by = merged.limited_by.or(run.limited_by);
        if i == last {
            merged.limited_by = Some(crate::Limit::FirstViolation);
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_units() {
        let shards: Vec<Shard> = (1..=3).map(|i| Shard { index: i, count: 3 }).collect();
        for unit in 0..30 {
            assert_eq!(shards.iter().filter(|s| s.owns(unit)).count(), 1);
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!(Shard::parse("2/4").unwrap(), Shard { index: 2, count: 4 });
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "-1/2", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unit_seeds_differ() {
        let seeds: std::collections::BTreeSet<u64> = (0..1000).map(|u| unit_seed(7, u)).collect();
        assert_eq!(seeds.len(), 1000);
    }
}
