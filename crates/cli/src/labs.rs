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

/// The processes lab: real processes only, started from this very binary.
#[derive(Debug)]
pub struct ProcessesLab;

impl AnyLab for ProcessesLab {
    fn info(&self) -> &'static LabInfo {
        &processes_race::INFO
    }
    fn run(&self, request: &RunRequest, progress: &mut dyn FnMut(u64)) -> Result<Report, Error> {
        let exe = std::env::current_exe()
            .map_err(|e| Error::Failed(format!("cannot find racelab itself: {e}")))?;
        processes_race::run(request, &exe, progress)
    }
    fn explore(&self, _request: &ExploreRequest) -> Result<Report, Error> {
        Err(Error::BadInput(
            "the processes lab runs only on real processes: loom and shuttle model threads in \
             one process, not separate address spaces; use `racelab run processes`"
                .into(),
        ))
    }
    fn replay(&self, token: &Token) -> Result<Report, Error> {
        self.explore(&ExploreRequest::new(
            &token.variant,
            token.params.clone(),
            racelab_core::Checker::Replay,
        ))
    }
}

/// Every registered lab, in the order `racelab list` shows them.
pub fn all() -> [&'static dyn AnyLab; 6] {
    [
        &counter_race::CounterLab,
        &bank_race::BankLab,
        &transfer_race::TransferLab,
        &async_bank_race::AsyncBankLab,
        &pool_race::PoolLab,
        &ProcessesLab,
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
