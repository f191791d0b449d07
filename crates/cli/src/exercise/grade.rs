//! Grading: at the exercise's small size, then at a bigger one, by the checker whose model covers
//! the orderings the student's code uses. racelab's SC checker explores every sequentially
//! consistent behaviour, which is exact for SeqCst atomics and locks; code with weaker orderings
//! is explored by loom, which models them. The same plan runs in `racelab exercise check` (the
//! student's file built into a grader process) and in the test suite (files compiled in).

use super::Exercise;
use racelab_core::exercise::STUDENT;
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{Checker, Error, LabInfo, Report};
use std::time::Duration;

/// An execution quicker than this, on average, is not what kept an exploration from finishing:
/// the number of executions is.
const QUICK_EXECUTION_MS: f64 = 1.0;

/// How long each of the two explorations may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The outcome of grading one file.
#[derive(Debug)]
pub enum Grade {
    /// No violation in any execution of either size.
    Verified {
        /// The exploration at the exercise's size.
        model: Box<Report>,
        /// The exploration at the bigger size, if the exercise has one.
        bigger: Option<Box<Report>>,
    },
    /// A violation: the report carries the simplest counterexample.
    Broken(Box<Report>),
    /// The code panicked or did not finish in time; the message says which.
    Failed {
        /// The checker that was running.
        checker: Checker,
        /// What happened.
        message: String,
        /// What happened, as a kind.
        cause: Cause,
        /// Executions explored before it stopped (0 when the checker never answered).
        explored: u64,
        /// Whether it stopped at the exercise's bigger size (the model size was verified).
        at_bigger: bool,
    },
}

/// Why grading stopped without a verdict from the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The code panicked.
    Panicked,
    /// Every thread waited for a lock no thread would release (found by loom or shuttle).
    Deadlock,
    /// An execution did not finish in time.
    TimedOut,
    /// The exploration did not finish in time, or hit a checker's limit: its executions are
    /// slow (each took a millisecond or more).
    Unfinished,
    /// The exploration did not finish in time, its executions quick: there are more of them
    /// than the time covers (loops that retry, such as spin locks, multiply them).
    TooManyExecutions,
    /// The exploration process ran out of memory.
    OutOfMemory,
    /// The exploration process died, or exited, without answering.
    Crashed,
}

impl Grade {
    /// Whether the file is a correct solution.
    pub fn verified(&self) -> bool {
        matches!(self, Grade::Verified { .. })
    }
}

/// The explorations that grade `exercise`, in order: its model size, then its bigger size.
///
/// Each starts with the SC checker and, where the code turns out to use orderings weaker than
/// SeqCst, explores it with loom instead (`by_orderings`).
pub fn requests(exercise: &Exercise, info: &LabInfo) -> Result<Vec<ExploreRequest>, Error> {
    requests_within(exercise, info, TIME_LIMIT)
}

/// [`requests`], each exploration limited to `limit`.
fn requests_within(
    exercise: &Exercise,
    info: &LabInfo,
    limit: Duration,
) -> Result<Vec<ExploreRequest>, Error> {
    let limited = |params| {
        let mut request = ExploreRequest::new(STUDENT, params, Checker::Dpor);
        request.by_orderings = true;
        request.budget = Budget {
            max_executions: None,
            time_limit: Some(limit),
            stop_at_first: false,
        };
        request
    };
    let mut requests = vec![limited(exercise.model.params(info)?)];
    if let Some(bigger) = &exercise.bigger {
        requests.push(limited(bigger.params(info)?));
    }
    Ok(requests)
}

/// Grades `exercise` with `explore` doing each exploration; stops at the first that fails.
///
/// Bad input (a catalogue whose sizes the lab rejects) is an error; everything the student's code
/// can do wrong (panic, deadlock, hang, loop) is a [`Grade`].
pub fn grade(
    exercise: &Exercise,
    info: &LabInfo,
    explore: impl FnMut(&ExploreRequest) -> Result<Report, Error>,
) -> Result<Grade, Error> {
    grade_within(exercise, info, TIME_LIMIT, explore)
}

/// [`grade`], each exploration limited to `limit` (`exercise grade --time-limit`).
pub fn grade_within(
    exercise: &Exercise,
    info: &LabInfo,
    limit: Duration,
    mut explore: impl FnMut(&ExploreRequest) -> Result<Report, Error>,
) -> Result<Grade, Error> {
    let mut reports = Vec::new();
    for request in requests_within(exercise, info, limit)? {
        let stopped = match judge(&request, explore(&request))? {
            Ok(report) => complete(&report).map(|()| report),
            Err(grade) => Err(grade),
        };
        match stopped {
            Ok(report) => reports.push(Box::new(report)),
            Err(mut grade) => {
                if let Grade::Failed { at_bigger, .. } = &mut grade {
                    *at_bigger = !reports.is_empty();
                }
                return Ok(grade);
            }
        }
    }
    let mut reports = reports.into_iter();
    let model = reports.next().expect("every exercise has a model size");
    Ok(Grade::Verified {
        model,
        bigger: reports.next(),
    })
}

/// A report that explored every behaviour its checker can judge, or the grade that says why it
/// did not: a limit hit.
fn complete(report: &Report) -> Result<(), Grade> {
    if report.exhaustive {
        return Ok(());
    }
    let limit = report.limited_by.clone().unwrap_or_default();
    let quick = report.executions > 0
        && report.elapsed_ms / (report.executions as f64) < QUICK_EXECUTION_MS;
    let (message, cause) = if quick {
        // (A violation would have been the grade: said where the report says so.)
        let clean = match report.violations {
            0 => "None of them broke the invariant; each",
            _ => "Each",
        };
        let message = format!(
            "the checker explored {} executions, not every behaviour: {limit}. {clean} was \
             quick, but the code has more interleavings than the time limit covers",
            report.executions
        );
        (message, Cause::TooManyExecutions)
    } else {
        let message = format!(
            "the checker explored {} executions, not every behaviour: {limit}. Is a thread \
             slow (a sleep, a long loop), or does it loop without end?",
            report.executions
        );
        (message, Cause::Unfinished)
    };
    Err(Grade::Failed {
        checker: report.checker.unwrap_or(Checker::Dpor),
        message,
        cause,
        explored: report.executions,
        at_bigger: false,
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
        Err(bad @ (Error::BadInput(_) | Error::UnknownLab { .. })) => Err(bad),
        Err(bad @ Error::UnknownVariant { .. }) => Err(bad),
        Err(failure) => Ok(Err(Grade::Failed {
            checker: request.checker,
            cause: cause(&failure),
            message: in_words(failure),
            explored: 0,
            at_bigger: false,
        })),
    }
}

/// What kind of failure `failure` is.
fn cause(failure: &Error) -> Cause {
    match failure {
        Error::Deadlock { .. } => Cause::Deadlock,
        Error::Hang { .. } | Error::TimedOut { .. } => Cause::TimedOut,
        Error::Panicked { .. } => Cause::Panicked,
        Error::Failed(message) if message.starts_with(racelab_labs::worker::OUT_OF_MEMORY) => {
            Cause::OutOfMemory
        }
        _ => Cause::Crashed,
    }
}

/// What a checker's failure means for the student's code.
fn in_words(failure: Error) -> String {
    match failure {
        Error::Deadlock { .. } => "deadlock: every thread waits for a lock that no thread will \
                                   release (is a lock taken twice, or never released?)"
            .into(),
        Error::Hang { .. } | Error::TimedOut { .. } => {
            "an execution never finished: does a thread loop without end?".into()
        }
        Error::Panicked { message, .. } => format!("your code panicked: {message}"),
        other => other.to_string(),
    }
}
