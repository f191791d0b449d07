//! Grading: loom over every interleaving at the exercise's small size, then shuttle's random
//! scheduler at a bigger one. The same plan runs in `racelab exercise check` (the student's file
//! built into a grader process) and in the test suite (stubs and solutions compiled in).

use super::Exercise;
use racelab_core::exercise::STUDENT;
use racelab_core::explore::{Budget, ExploreRequest, DEFAULT_SEED};
use racelab_core::{Checker, Error, LabInfo, Report};
use std::time::Duration;

/// How long each of the two explorations may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The outcome of grading one file.
#[derive(Debug)]
pub enum Grade {
    /// No violation in any loom execution, nor in any random schedule.
    Verified {
        /// loom's exhaustive exploration.
        loom: Box<Report>,
        /// shuttle's random schedules.
        random: Box<Report>,
    },
    /// A violation: the report carries the simplest counterexample.
    Broken(Box<Report>),
    /// The code panicked, deadlocked, or did not finish in time; the message says which.
    Failed {
        /// The checker that was running.
        checker: Checker,
        /// What happened.
        message: String,
    },
}

impl Grade {
    /// Whether the file is a correct solution.
    pub fn verified(&self) -> bool {
        matches!(self, Grade::Verified { .. })
    }
}

/// The two explorations that grade `exercise`, in order.
pub fn requests(exercise: &Exercise, info: &LabInfo) -> Result<[ExploreRequest; 2], Error> {
    let limited = |mut request: ExploreRequest, executions: Option<u64>| {
        request.budget = Budget {
            max_executions: executions,
            time_limit: Some(TIME_LIMIT),
            stop_at_first: false,
        };
        request.seed = DEFAULT_SEED;
        request
    };
    let loom = ExploreRequest::new(STUDENT, exercise.model.params(info)?, Checker::Loom);
    let random = ExploreRequest::new(STUDENT, exercise.random.params(info)?, Checker::Random);
    Ok([
        limited(loom, None),
        limited(random, exercise.random.schedules),
    ])
}

/// Grades `exercise` with `explore` doing each exploration; stops at the first that fails.
///
/// Bad input (a catalogue whose sizes the lab rejects) is an error; everything the student's code
/// can do wrong (panic, deadlock, loop) is a [`Grade`].
pub fn grade(
    exercise: &Exercise,
    info: &LabInfo,
    mut explore: impl FnMut(&ExploreRequest) -> Result<Report, Error>,
) -> Result<Grade, Error> {
    let [loom, random] = requests(exercise, info)?;
    let loom = match judge(&loom, explore(&loom))? {
        Ok(report) => report,
        Err(grade) => return Ok(grade),
    };
    if !loom.exhaustive {
        let why = loom.limited_by.clone().unwrap_or_default();
        return Ok(Grade::Failed {
            checker: Checker::Loom,
            message: format!(
                "loom could not explore every interleaving ({why}): does a thread wait forever, \
                 or loop without end?"
            ),
        });
    }
    let random = match judge(&random, explore(&random))? {
        Ok(report) => report,
        Err(grade) => return Ok(grade),
    };
    Ok(Grade::Verified {
        loom: Box::new(loom),
        random: Box::new(random),
    })
}

/// A report with no violation, or the grade that ends grading.
fn judge(
    request: &ExploreRequest,
    result: Result<Report, Error>,
) -> Result<Result<Report, Grade>, Error> {
    match result {
        Ok(report) if report.failed() => Ok(Err(Grade::Broken(Box::new(report)))),
        Ok(report) => Ok(Ok(report)),
        Err(Error::Failed(message)) => Ok(Err(Grade::Failed {
            checker: request.checker,
            message: in_words(&message),
        })),
        Err(bad) => Err(bad),
    }
}

/// What a checker's failure means for the student's code.
fn in_words(message: &str) -> String {
    if message.contains("deadlock") {
        "deadlock: every thread waits for a lock that no thread will release (is a lock taken \
         twice, or never released?)"
            .into()
    } else if message.contains("steps") || message.contains("did not finish") {
        "an execution never finished: does a thread loop without end?".into()
    } else if let Some(panic) = message.split("panicked under ").nth(1) {
        let what = panic.split_once(": ").map_or(panic, |(_, what)| what);
        format!("your code panicked: {what}")
    } else {
        message.into()
    }
}
