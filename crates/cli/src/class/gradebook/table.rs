//! The gradebook as a table, for a terminal: a line per student, then a summary.

use super::About;
use crate::class::row::{Row, Verdict};
use crate::style;
use std::fmt::Write;

/// The table and its summary.
pub fn document(rows: &[Row], about: &About) -> String {
    let mut out = String::new();
    let width = |of: fn(&Row) -> usize, title: &str| {
        rows.iter().map(of).max().unwrap_or(0).max(title.len())
    };
    let name = width(|r| printable(&r.student).chars().count(), "student");
    let exercise = width(|r| r.exercise.chars().count(), "exercise");
    let _ = writeln!(
        out,
        "{}",
        style::heading(&format!(
            "{:<exercise$}  {:<name$}  {:<16}  {:<7}  {:>10}  {:>7}  detail",
            "exercise", "student", "verdict", "checker", "executions", "seconds"
        ))
    );
    for row in rows {
        let verdict = format!("{:<16}", row.verdict.name());
        let verdict = if row.verdict.solved() {
            style::proven(&verdict)
        } else {
            style::verdict(&verdict)
        };
        let detail = row.violation.as_deref().unwrap_or(match row.verdict {
            Verdict::Verified | Verdict::Passed => "",
            _ => row.message.trim_start_matches("not verified: "),
        });
        let _ = writeln!(
            out,
            "{:<exercise$}  {:<name$}  {verdict}  {:<7}  {:>10}  {:>7.2}  {}",
            row.exercise,
            printable(&row.student),
            row.checker.as_deref().unwrap_or("-"),
            row.executions,
            row.seconds,
            printable(detail)
        );
    }
    let _ = writeln!(out, "\n{}", summary(rows, about.seconds));
    if let Some(how) = &about.confinement {
        let _ = writeln!(out, "{}", style::dim(&format!("sandbox: {how}")));
    }
    out
}

/// `text` with its control characters written as escapes: a student's panic message or file name
/// cannot move the teacher's cursor, clear the screen or retitle the terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `300 files in 95 s: 120 verified, 90 counterexample, ...`.
pub fn summary(rows: &[Row], seconds: f64) -> String {
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| (v, rows.iter().filter(|r| r.verdict == *v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {}", v.name()))
        .collect();
    format!(
        "{} files graded in {seconds:.0} s: {}",
        rows.len(),
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("ok \u{1b}[2J\0bye"), "ok \\u{1b}[2J\\u{0}bye");
        assert_eq!(printable("née"), "née");
    }
}
