//! The size of a run: threads, iterations, and lab-specific values.

use crate::lab::LabInfo;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most threads a real-thread run accepts.
pub const MAX_REAL_THREADS: usize = 64;
/// The most threads loom supports (it counts the main thread as a fifth).
pub const MAX_LOOM_THREADS: usize = 4;
/// The most threads shuttle explorations accept (beyond that nothing finishes).
pub const MAX_SHUTTLE_THREADS: usize = 8;
/// The most iterations per thread a real-thread run accepts.
pub const MAX_REAL_ITERS: u64 = 100_000_000;
/// The most iterations per thread an exploration accepts.
pub const MAX_MODEL_ITERS: u64 = 1_000;

/// Threads, iterations per thread, and the lab's own values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    /// How many threads run the variant.
    pub threads: usize,
    /// How many iterations each thread performs.
    pub iters: u64,
    /// Lab-specific values, by name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, i64>,
}

impl Params {
    /// Fills in the lab's defaults for values not given, and checks every value's range.
    pub fn resolve(
        info: &LabInfo,
        threads: usize,
        iters: u64,
        given: &BTreeMap<String, i64>,
    ) -> Result<Params, Error> {
        if let Some(unknown) = given
            .keys()
            .find(|k| !info.params.iter().any(|p| &p.name == k))
        {
            let names: Vec<_> = info
                .params
                .iter()
                .map(|p| format!("--{}", p.name))
                .collect();
            return Err(Error::BadInput(format!(
                "--{unknown} does not apply to lab '{}'; its own parameters are: {}",
                info.id,
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            )));
        }
        let mut extra = BTreeMap::new();
        for spec in info.params {
            let value = given.get(spec.name).copied().unwrap_or(spec.default);
            if !(spec.min..=spec.max).contains(&value) {
                return Err(Error::BadInput(format!(
                    "--{} {value} is out of range: use a value from {} to {}",
                    spec.name, spec.min, spec.max
                )));
            }
            extra.insert(spec.name.to_string(), value);
        }
        Ok(Params {
            threads,
            iters,
            extra,
        })
    }

    /// `threads` x `iters` with the lab's defaults for everything else.
    pub fn sized(info: &LabInfo, threads: usize, iters: u64) -> Params {
        let extra = info
            .params
            .iter()
            .map(|p| (p.name.to_string(), p.default))
            .collect();
        Params {
            threads,
            iters,
            extra,
        }
    }

    /// The lab-specific value `name` (0 if the lab has no such parameter).
    pub fn get(&self, name: &str) -> i64 {
        self.extra.get(name).copied().unwrap_or(0)
    }

    /// `threads x iters` as a signed count.
    pub fn total_iters(&self) -> i64 {
        (self.threads as i64).saturating_mul(self.iters as i64)
    }
}
