//! One student's line in the gradebook: the verdict on one file, from its grade.

use crate::exercise::{Cause, Exercise, Grade};
use racelab_core::{Checker, LabInfo, Report};
use racelab_labs::sandbox::Confinement;
use serde::{Deserialize, Serialize};

/// The schema of a gradebook row in JSON.
pub const SCHEMA: &str = "racelab/grade/v1";

/// What a submission earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// racelab's SC checker explored every behaviour: no violation.
    Verified,
    /// loom (weak memory) found no violation in every execution it explored.
    Passed,
    /// A violation, with the simplest interleaving that shows it.
    Counterexample,
    /// The file does not compile (or reads files while it is compiled).
    DoesNotCompile,
    /// The student's folder has no file for the exercise (or it cannot be read).
    Missing,
    /// An execution never finished, or the exploration did not finish in its time limit.
    TimedOut,
    /// It allocated more memory than the grader allows.
    OutOfMemory,
    /// It panicked, or its process exited or died without an answer.
    Crashed,
}

impl Verdict {
    /// How it reads in a table or CSV.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Passed => "passed",
            Verdict::Counterexample => "counterexample",
            Verdict::DoesNotCompile => "does-not-compile",
            Verdict::Missing => "missing",
            Verdict::TimedOut => "timed-out",
            Verdict::OutOfMemory => "out-of-memory",
            Verdict::Crashed => "crashed",
        }
    }

    /// Whether it solves the exercise.
    pub fn solved(self) -> bool {
        matches!(self, Verdict::Verified | Verdict::Passed)
    }

    /// Every verdict, in the order a summary lists them.
    pub const ALL: [Verdict; 8] = [
        Verdict::Verified,
        Verdict::Passed,
        Verdict::Counterexample,
        Verdict::DoesNotCompile,
        Verdict::Missing,
        Verdict::TimedOut,
        Verdict::OutOfMemory,
        Verdict::Crashed,
    ];
}

/// One student's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The exercise.
    pub exercise: String,
    /// The student.
    pub student: String,
    /// The file graded, relative to the class's folder.
    pub file: String,
    /// The verdict.
    pub verdict: Verdict,
    /// 1 when solved, else 0.
    pub score: u32,
    /// The checker that gave the verdict (`dpor`, `loom`), if one did.
    pub checker: Option<String>,
    /// The sizes explored, as the exercise names them.
    pub size: Option<String>,
    /// Executions explored, over every size.
    pub executions: u64,
    /// Wall time spent grading it (building excluded).
    pub seconds: f64,
    /// What broke, for a counterexample (`lost update`).
    pub violation: Option<String>,
    /// The counterexample's schedule token, for the record (its timeline is in `output`).
    pub replay: Option<String>,
    /// The verdict's first line, or the compiler's first error, or what the code did.
    pub message: String,
    /// Everything `racelab exercise check` would print for it (counterexample, lines, hint).
    pub output: String,
    /// How the submission was confined while it ran, as its grader answered (none when it never
    /// ran, or never answered).
    pub confinement: Option<Confinement>,
}

impl Row {
    /// A row with the fields every verdict has.
    pub fn new(exercise: &Exercise, student: &str, file: &str, verdict: Verdict) -> Row {
        Row {
            schema: SCHEMA.to_string(),
            exercise: exercise.name.clone(),
            student: student.to_string(),
            file: file.to_string(),
            verdict,
            score: u32::from(verdict.solved()),
            checker: None,
            size: None,
            executions: 0,
            seconds: 0.0,
            violation: None,
            replay: None,
            message: String::new(),
            output: String::new(),
            confinement: None,
        }
    }

    /// The row of a file that does not compile.
    pub fn not_compiled(exercise: &Exercise, student: &str, file: &str, error: &str) -> Row {
        let mut row = Row::new(exercise, student, file, Verdict::DoesNotCompile);
        row.message = error.to_string();
        row.output = format!("does not compile: {error}\n");
        row
    }

    /// The row of a student whose folder has no file for the exercise, or whose file cannot be
    /// read (`unreadable` says why).
    pub fn missing(
        exercise: &Exercise,
        student: &str,
        file: &str,
        unreadable: Option<&str>,
    ) -> Row {
        let mut row = Row::new(exercise, student, file, Verdict::Missing);
        row.message = match unreadable {
            Some(why) => format!("cannot read {file}: {why}"),
            None => format!("no {file}: nothing was submitted for {}", exercise.name),
        };
        row.output = format!("{}\n", row.message);
        row
    }

    /// The row of a graded file; `output` is the verdict in words.
    pub fn graded(
        exercise: &Exercise,
        info: &LabInfo,
        student: &str,
        file: &str,
        grade: &Grade,
        output: String,
    ) -> Row {
        let (verdict, checker, reports): (Verdict, Option<Checker>, Vec<&Report>) = match grade {
            Grade::Verified { model, bigger } => {
                let verdict = if model.checker == Some(Checker::Loom) {
                    Verdict::Passed
                } else {
                    Verdict::Verified
                };
                let mut reports = vec![model.as_ref()];
                reports.extend(bigger.as_deref());
                (verdict, model.checker, reports)
            }
            Grade::Broken(report) => (Verdict::Counterexample, report.checker, vec![report]),
            Grade::Failed { checker, cause, .. } => {
                let verdict = match cause {
                    Cause::Deadlock => Verdict::Counterexample,
                    Cause::TimedOut | Cause::Unfinished | Cause::TooManyExecutions => {
                        Verdict::TimedOut
                    }
                    Cause::OutOfMemory => Verdict::OutOfMemory,
                    Cause::Panicked | Cause::Crashed => Verdict::Crashed,
                };
                (verdict, Some(*checker), vec![])
            }
        };
        let mut row = Row::new(exercise, student, file, verdict);
        row.checker = checker.map(|c| c.name().to_string());
        row.executions = match grade {
            Grade::Failed { explored, .. } => *explored,
            _ => reports.iter().map(|r| r.executions).sum(),
        };
        row.size = Some(sizes(exercise, info, grade, &reports));
        if let Grade::Broken(report) = grade {
            let cx = report.counterexample.as_ref();
            row.violation = cx.map(|cx| cx.verdict.clone());
            row.replay = cx.and_then(|cx| cx.replay.clone());
        }
        if let Grade::Failed {
            cause: Cause::Deadlock,
            ..
        } = grade
        {
            row.violation = Some("deadlock".to_string());
        }
        row.message = first_sentence(&output);
        row.output = output;
        row
    }
}

/// The output's first line, with the lines that go on its sentence (indented, `and in all ..
/// executions of` the bigger size): the message then speaks of the executions the row counts.
fn first_sentence(output: &str) -> String {
    let mut lines = output.lines();
    let mut sentence = lines.next().unwrap_or_default().to_string();
    for more in lines.take_while(|l| l.starts_with(' ') && l.trim_start().starts_with("and ")) {
        sentence.push(' ');
        sentence.push_str(more.trim());
    }
    sentence
}

/// The sizes the grade covers: both for a verified file, the one that broke for a counterexample.
fn sizes(exercise: &Exercise, info: &LabInfo, grade: &Grade, reports: &[&Report]) -> String {
    let model = exercise.model.describe(info);
    match (grade, &exercise.bigger) {
        (
            Grade::Verified {
                bigger: Some(_), ..
            },
            Some(bigger),
        ) => {
            format!("{model}; {}", bigger.describe(info))
        }
        (
            Grade::Failed {
                at_bigger: true, ..
            },
            Some(bigger),
        ) => bigger.describe(info),
        (Grade::Broken(_), Some(bigger))
            if exercise
                .model
                .params(info)
                .is_ok_and(|p| reports.first().is_some_and(|r| r.params != p)) =>
        {
            bigger.describe(info)
        }
        _ => model,
    }
}
