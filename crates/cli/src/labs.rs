//! The lab registry: every lab the binary knows. Adding a lab is one line in [`all`].

use racelab_core::explore::{self, token::Token, ExploreRequest};
use racelab_core::runner::{self, RunRequest};
use racelab_core::{Error, Lab, LabInfo, Report};

/// A lab, with its generic code instantiated for the binary.
pub trait AnyLab: Sync {
    /// The lab's description.
    fn info(&self) -> &'static LabInfo;
    /// Runs on real threads.
    fn run(&self, request: &RunRequest, progress: &mut dyn FnMut(u64)) -> Result<Report, Error>;
    /// Explores under a model checker (in this process: see `worker` for isolation).
    fn explore(&self, request: &ExploreRequest) -> Result<Report, Error>;
    /// Replays a shuttle schedule.
    fn replay(&self, token: &Token) -> Result<Report, Error>;
}

impl<L: Lab> AnyLab for L {
    fn info(&self) -> &'static LabInfo {
        Lab::info(self)
    }
    fn run(&self, request: &RunRequest, progress: &mut dyn FnMut(u64)) -> Result<Report, Error> {
        runner::run_threads(self, request, progress)
    }
    fn explore(&self, request: &ExploreRequest) -> Result<Report, Error> {
        explore::explore(self, request)
    }
    fn replay(&self, token: &Token) -> Result<Report, Error> {
        explore::replay(self, token)
    }
}

/// Every registered lab, in the order `racelab list` shows them.
pub fn all() -> [&'static dyn AnyLab; 4] {
    [
        &counter_race::CounterLab,
        &bank_race::BankLab,
        &transfer_race::TransferLab,
        &pool_race::PoolLab,
    ]
}

/// The lab called `id`, or an error naming the valid ones.
pub fn find(id: &str) -> Result<&'static dyn AnyLab, Error> {
    all()
        .into_iter()
        .find(|lab| lab.info().id == id)
        .ok_or_else(|| {
            let ids: Vec<_> = all().iter().map(|lab| lab.info().id).collect();
            Error::BadInput(format!(
                "unknown lab '{id}'; the labs are: {}",
                ids.join(", ")
            ))
        })
}
