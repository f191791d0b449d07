//! A lab behind one object type, so that one registry holds labs of different types.

use crate::explore::dpor::play::Played;
use crate::explore::{self, token::Token, ExploreRequest};
use crate::runner::{self, RunRequest};
use crate::{Error, Lab, LabInfo, Params, Report};

/// A lab, with its generic code instantiated: what the CLI, the grader and the bench call.
pub trait AnyLab: Sync {
    /// The lab's description.
    fn info(&self) -> &'static LabInfo;
    /// Runs on real threads (or tasks, or processes).
    fn run(&self, request: &RunRequest, progress: &mut dyn FnMut(u64)) -> Result<Report, Error>;
    /// Explores under a checker, in this process.
    fn explore(&self, request: &ExploreRequest) -> Result<Report, Error>;
    /// Replays a token's schedule.
    fn replay(&self, token: &Token) -> Result<Report, Error>;
    /// Plays the scheduler game: `moves` on `variant` (see [`explore::play`]).
    fn play(&self, variant: &str, params: &Params, moves: &[usize]) -> Result<Played, Error>;
}

impl<L: Lab> AnyLab for L {
    fn info(&self) -> &'static LabInfo {
        crate::Declared::info(self)
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
    fn play(&self, variant: &str, params: &Params, moves: &[usize]) -> Result<Played, Error> {
        explore::play(self, variant, params, moves)
    }
}
