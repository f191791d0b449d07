//! Where a checker's result is no verdict on a variant, because of the variant's orderings.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a checker's result does not judge the variant it explored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Caveat {
    /// A sequentially consistent checker found no violation in a variant with weaker
    /// orderings: it cannot see a reordered store or a stale load, so that is no verdict.
    CannotSee {
        /// The orderings weaker than `SeqCst` the variant uses.
        orderings: Vec<String>,
    },
    /// loom found a violation in a variant whose accesses are all `SeqCst`, and racelab's SC
    /// checker, exact for such code, proves it: loom treats `SeqCst` loads and stores as
    /// `AcqRel` (loom#180), so its counterexample needs an outcome `SeqCst` forbids.
    FalseAlarm,
}

impl fmt::Display for Caveat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caveat::CannotSee { orderings } => write!(
                f,
                "this checker cannot see it: the variant uses {} orderings, which allow reordered \
                 stores and stale loads, and a sequentially consistent checker explores none of \
                 them (loom models them: --checker loom)",
                orderings.join(", ")
            ),
            Caveat::FalseAlarm => write!(
                f,
                "this is a loom false alarm: every access is SeqCst, and SeqCst forbids this \
                 outcome (loom treats SeqCst loads and stores as AcqRel, loom#180); racelab's SC \
                 checker, exact for SeqCst code, proves the variant"
            ),
        }
    }
}
