//! An execution's (or a prefix's) Mazurkiewicz class as a value: per object, the order of its
//! dependent steps (the reads between two writes as a set), and for each step that is
//! dependent with every other, the steps before it. Two orders of the same steps have the same
//! key exactly when they are equivalent.

use super::event::{Event, Op, SyncOp, Tid};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

/// A step: its thread and how many steps that thread took before it.
type Id = (Tid, usize);

/// One write of an object (none: its first value) and the reads after it, before the next.
type Segment = (Option<Id>, BTreeSet<Id>);

/// The key of the class of `events`, hashed.
pub(crate) fn key(events: &[Event]) -> u64 {
    let mut taken: BTreeMap<Tid, usize> = BTreeMap::new();
    let mut objects: BTreeMap<usize, Vec<Segment>> = BTreeMap::new();
    let mut global: Vec<(Id, BTreeSet<Id>)> = Vec::new();
    let (mut steps, mut accesses) = (BTreeSet::new(), BTreeSet::new());
    for e in events {
        let count = taken.entry(e.tid).or_default();
        let id = (e.tid, *count);
        *count += 1;
        match e.op {
            Op::Sync(_, SyncOp::WakeOrSpurious) => global.push((id, steps.clone())),
            Op::Global | Op::Await => global.push((id, accesses.clone())),
            op => {
                // A spin loop's step reads every cell the loop reads, besides its own access.
                let watched = match op {
                    Op::Spun(s) => s.cells().skip(1).map(|c| (c, true)).collect(),
                    _ => Vec::new(),
                };
                let plain = op.plain();
                let reads =
                    matches!(plain, Op::Read(_)) || matches!(plain, Op::Sync(_, k) if k.shares());
                let own = plain.object().map(|o| (o, reads));
                for (o, reads) in own.into_iter().chain(watched) {
                    let log = objects
                        .entry(o)
                        .or_insert_with(|| vec![(None, BTreeSet::new())]);
                    match log.last_mut() {
                        Some(last) if reads => {
                            last.1.insert(id);
                        }
                        _ => log.push((Some(id), BTreeSet::new())),
                    }
                    accesses.insert(id);
                }
            }
        }
        steps.insert(id);
    }
    let mut hasher = DefaultHasher::new();
    (objects, global).hash(&mut hasher);
    hasher.finish()
}
