//! A proof split into units that share nothing, for several cores (`--jobs`) or machines
//! (`--shard`).
//!
//! Optimal DPOR is one sequence: a race found late in the search adds a branch early in it, and
//! the branches it adds guide the search below their siblings, so no part of its tree can be
//! handed out before the parts before it are done. A split explores the top of the tree
//! differently: down to its first [`LEVELS`] branching points, a point takes every thread that
//! can move and is awake (sleep sets alone, Godefroid's), but a step that commutes with every
//! other (a start, a spawn, a join, a yield) alone; nothing found below adds a branch there.
//! Each branch at the last of those levels, and each execution that ends above it, is a
//! *unit*. Below, optimal DPOR runs as usual, from an empty sleep set: it explores every class
//! that begins with the unit's steps. A class may begin with several units' steps, so each
//! execution is counted only in the unit through which the top's sleep sets reach its class
//! ([`super::scheduler`]'s `attributed`): exactly one. The others are explored for their races
//! and counted as redundant.
//!
//! The top is the same for every exploration that walks it, so every one numbers the units
//! alike; each explores only the units it takes (it skips the rest after their first step),
//! and the units together are every class, each counted once. What a split costs: the
//! redundant executions, and the top's first steps run again by each exploration.

use crate::explore::Shard;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How many branching points of the top are explored in full when a proof is split.
pub(crate) const LEVELS: u32 = 3;

/// Which units of a split one exploration takes.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    /// The shard's units: those whose number is the shard's index (from 1) modulo the count.
    shard: Shard,
    /// The next of the shard's units that no exploration has taken (shared by the threads of
    /// one shard, each taking the next unit it comes to that no other has taken).
    next: Arc<AtomicU64>,
    /// How many of the shard's units this exploration has come to.
    seen: u64,
}

impl Claim {
    /// A claim on the units of `shard`, shared with the other explorations given `next`.
    pub fn new(shard: Shard, next: Arc<AtomicU64>) -> Self {
        Claim {
            shard,
            next,
            seen: 0,
        }
    }

    /// Whether this exploration takes unit `k` (called once for each unit, in order).
    pub fn take(&mut self, k: u64) -> bool {
        if !self.shard.owns(k) {
            return false;
        }
        let ordinal = self.seen;
        self.seen += 1;
        (self.next)
            .compare_exchange(ordinal, ordinal + 1, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }
}

/// Where a point of the exploration stands in a split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Top {
    /// How many branching points of the top are above it.
    pub level: u32,
    /// Whether it branches (more than one thread can move and is awake).
    pub branching: bool,
}

impl Top {
    /// The level of the point after it.
    pub fn below(self) -> u32 {
        self.level + u32::from(self.branching)
    }
}

/// The units met so far, and whether each was taken.
#[derive(Debug)]
pub(crate) struct Units {
    levels: u32,
    claim: Claim,
    met: u64,
}

impl Units {
    /// Units of a split whose top has `levels` branching points, taken as `claim` says.
    pub fn new(levels: u32, claim: Claim) -> Self {
        Units {
            levels,
            claim,
            met: 0,
        }
    }

    /// The top point a new point is, if it is one: `above` is its parent's place (none for
    /// the first point; `Some(None)` for a parent below the top).
    pub fn top(&self, above: Option<Option<Top>>) -> Option<u32> {
        let level = match above {
            None => 0,
            Some(parent) => parent?.below(),
        };
        (level < self.levels).then_some(level)
    }

    /// Whether the point after `top` is below the top: its branches start units.
    pub fn starts_units(&self, top: Top) -> bool {
        top.below() >= self.levels
    }

    /// The next unit: its number, and whether this exploration takes it.
    pub fn meet(&mut self) -> (u64, bool) {
        let k = self.met;
        self.met += 1;
        (k, self.claim.take(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(index: u64, count: u64, next: &Arc<AtomicU64>) -> Claim {
        Claim::new(Shard { index, count }, next.clone())
    }

    #[test]
    fn shards_take_every_unit_once() {
        let nexts: Vec<_> = (0..3).map(|_| Arc::new(AtomicU64::new(0))).collect();
        let mut claims: Vec<Claim> = (1..=3)
            .map(|i| claim(i, 3, &nexts[i as usize - 1]))
            .collect();
        for k in 0..30 {
            let takers: Vec<usize> = (0..3).filter(|&s| claims[s].take(k)).collect();
            assert_eq!(takers, vec![(k % 3) as usize]);
        }
    }

    #[test]
    fn threads_of_one_shard_share_its_units_whoever_comes_first() {
        let next = Arc::new(AtomicU64::new(0));
        let (mut a, mut b) = (claim(1, 1, &next), claim(1, 1, &next));
        assert!(a.take(0));
        assert!(a.take(1));
        assert!(!b.take(0) && !b.take(1), "taken by a");
        assert!(b.take(2));
        assert!(!a.take(2));
        assert!(a.take(3));
    }

    #[test]
    fn the_top_ends_after_its_branching_points() {
        let units = Units::new(2, claim(1, 1, &Arc::new(AtomicU64::new(0))));
        assert_eq!(units.top(None), Some(0));
        let top = |level, branching| Some(Some(Top { level, branching }));
        assert_eq!(units.top(top(0, false)), Some(0));
        assert_eq!(units.top(top(1, true)), None);
        assert_eq!(units.top(Some(None)), None, "below the top stays below");
        assert!(units.starts_units(Top {
            level: 1,
            branching: true
        }));
        assert!(!units.starts_units(Top {
            level: 1,
            branching: false
        }));
    }
}
