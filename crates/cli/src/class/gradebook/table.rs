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
/// cannot move the teacher's cursor, clear the screen, retitle the terminal, break a line or turn
/// the text right to left.
fn printable(text: &str) -> String {
    let invisible = |c: char| matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}');
    text.chars()
        .map(|c| match c {
            c if c.is_control() || invisible(c) => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `300 files graded in 95 s: 120 verified, 90 counterexample, ...; 2 missing`.
pub fn summary(rows: &[Row], seconds: f64) -> String {
    let count = |verdict: &Verdict| rows.iter().filter(|r| r.verdict == *verdict).count();
    let counts: Vec<String> = (Verdict::ALL.iter())
        .filter(|v| **v != Verdict::Missing)
        .map(|v| (v, count(v)))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {}", v.name()))
        .collect();
    let files = rows.len() - count(&Verdict::Missing);
    let mut line = match files {
        0 => "no file graded".to_string(),
        1 => format!("1 file graded in {seconds:.0} s: {}", counts.join(", ")),
        n => format!("{n} files graded in {seconds:.0} s: {}", counts.join(", ")),
    };
    match count(&Verdict::Missing) {
        0 => {}
        n => line.push_str(&format!("; {n} missing")),
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("ok \u{1b}[2J\0bye"), "ok \\u{1b}[2J\\u{0}bye");
        assert_eq!(printable("née"), "née");
        assert_eq!(printable("a\u{202e}b\u{2028}"), "a\\u{202e}b\\u{2028}");
    }

    #[test]
    fn the_summary_counts_files_and_says_what_is_missing_apart() {
        let exercise = &crate::exercise::catalog().exercises[0];
        let row = |verdict| Row::new(exercise, "s", "s.rs", verdict);
        let rows = [row(Verdict::Verified), row(Verdict::Missing)];
        assert_eq!(summary(&rows[..1], 2.0), "1 file graded in 2 s: 1 verified");
        assert_eq!(
            summary(&rows, 2.0),
            "1 file graded in 2 s: 1 verified; 1 missing"
        );
        assert_eq!(summary(&rows[1..], 0.0), "no file graded; 1 missing");
        assert_eq!(summary(&[], 0.0), "no file graded");
    }
}
