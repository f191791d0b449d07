//! The gradebook as JUnit XML: a test suite per exercise, a test case per student; a
//! counterexample is a failure, a file that does not compile or crashes is an error.

use super::About;
use crate::class::row::{Row, Verdict};
use std::fmt::Write;

/// The whole document.
pub fn document(rows: &[Row], about: &About) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (failures, errors) = counts(rows.iter());
    let _ = writeln!(
        out,
        "<testsuites name=\"racelab exercise grade\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{:.3}\">",
        rows.len(),
        rows.iter().map(|r| r.seconds).sum::<f64>()
    );
    let mut exercises: Vec<&str> = rows.iter().map(|r| r.exercise.as_str()).collect();
    exercises.dedup();
    for exercise in exercises {
        let suite: Vec<&Row> = rows.iter().filter(|r| r.exercise == exercise).collect();
        let (failures, errors) = counts(suite.iter().copied());
        let time: f64 = suite.iter().map(|r| r.seconds).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{time:.3}\">",
            escape(exercise),
            suite.len()
        );
        if let Some(how) = &about.confinement {
            let _ = writeln!(
                out,
                "    <properties><property name=\"sandbox\" value=\"{}\"/></properties>",
                escape(how)
            );
        }
        for row in suite {
            case(&mut out, row);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn case(out: &mut String, row: &Row) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3}\"",
        escape(&row.exercise),
        escape(&row.student),
        escape(&row.file),
        row.seconds
    );
    let element = match row.verdict {
        Verdict::Verified | Verdict::Passed => None,
        Verdict::Counterexample => Some("failure"),
        _ => Some("error"),
    };
    match element {
        None => out.push_str("/>\n"),
        Some(element) => {
            let _ = writeln!(
                out,
                ">\n      <{element} message=\"{}\" type=\"{}\">{}</{element}>\n    </testcase>",
                escape(&row.message),
                row.verdict.name(),
                escape(&row.output)
            );
        }
    }
}

/// Text made safe inside XML 1.0: escaped, and without the control characters it forbids (a
/// panic message can hold any).
fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    crate::picture::escape(&allowed)
}

fn counts<'a>(rows: impl Iterator<Item = &'a Row>) -> (usize, usize) {
    rows.fold((0, 0), |(failures, errors), row| match row.verdict {
        Verdict::Verified | Verdict::Passed => (failures, errors),
        Verdict::Counterexample => (failures + 1, errors),
        _ => (failures, errors + 1),
    })
}
