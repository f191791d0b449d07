//! The processes lab in the registry: real processes only, started from the running binary.

use racelab_core::explore::dpor::play::Played;
use racelab_core::explore::{token::Token, ExploreRequest};
use racelab_core::runner::RunRequest;
use racelab_core::{AnyLab, Error, LabInfo, Params, Report};

/// The processes lab. Its children are the running binary itself, started as
/// `<binary> __process ...`: run it from `racelab`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessesLab;

impl AnyLab for ProcessesLab {
    fn info(&self) -> &'static LabInfo {
        &crate::INFO
    }

    fn run(&self, request: &RunRequest, progress: &mut dyn FnMut(u64)) -> Result<Report, Error> {
        let exe = std::env::current_exe()
            .map_err(|e| Error::Failed(format!("cannot find racelab itself: {e}")))?;
        crate::run(request, &exe, progress)
    }

    fn explore(&self, _request: &ExploreRequest) -> Result<Report, Error> {
        Err(not_modelled())
    }

    fn replay(&self, _token: &Token) -> Result<Report, Error> {
        Err(not_modelled())
    }

    fn play(&self, _variant: &str, _params: &Params, _moves: &[usize]) -> Result<Played, Error> {
        Err(not_modelled())
    }
}

/// Why no checker runs this lab.
fn not_modelled() -> Error {
    Error::BadInput(
        "the processes lab runs only on real processes: loom and shuttle model threads in one \
         process, not separate address spaces; use `racelab run processes`"
            .into(),
    )
}
