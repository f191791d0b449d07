//! The gradebook in the formats teachers' tools read: a table for the terminal, CSV for
//! spreadsheets, JSON lines (schema `racelab/grade/v1`), JUnit XML for CI and GitHub Classroom,
//! and Gradescope's `results.json`.
//!
//! CSV and JSON are written a row at a time, whole rows only, so a gradebook being written is a
//! gradebook (`--resume` reads it back) and shards' outputs concatenate; the others are documents,
//! written whole at the end.

mod csv;
mod gradescope;
mod junit;
mod table;

use super::row::{Row, SCHEMA};
use racelab_core::Error;
pub use table::summary;

/// A gradebook's format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns and a summary, for reading on a terminal.
    Table,
    /// One line per student, with a header (spreadsheets).
    Csv,
    /// One JSON object per line, schema racelab/grade/v1.
    Json,
    /// JUnit XML: one test case per student (CI, GitHub Classroom).
    Junit,
    /// Gradescope's results.json: one test per student and exercise, with score and max_score.
    Gradescope,
}

impl Format {
    /// Whether rows are written as they are graded (and can be read back by `--resume`).
    pub fn by_row(self) -> bool {
        matches!(self, Format::Csv | Format::Json)
    }

    /// The line before the first row (CSV's header), if any.
    pub fn header(self) -> Option<String> {
        (self == Format::Csv).then(csv::header)
    }

    /// One row, whole, with its newline (row formats only).
    pub fn line(self, row: &Row) -> String {
        match self {
            Format::Csv => csv::line(row),
            _ => format!("{}\n", serde_json::to_string(row).unwrap_or_default()),
        }
    }

    /// The whole gradebook (documents; row formats as their rows).
    pub fn document(self, rows: &[Row], about: &About) -> String {
        match self {
            Format::Table => table::document(rows, about),
            Format::Junit => junit::document(rows, about),
            Format::Gradescope => gradescope::document(rows, about),
            Format::Csv | Format::Json => {
                let mut text = self.header().unwrap_or_default();
                for row in rows {
                    text.push_str(&self.line(row));
                }
                text
            }
        }
    }

    /// The (exercise, student) pairs of a gradebook in this format that `--resume` found.
    pub fn graded(self, text: &str) -> Result<Vec<(String, String)>, Error> {
        match self {
            Format::Csv => csv::graded(text),
            Format::Json => text
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| match serde_json::from_str::<Row>(line) {
                    Ok(row) if row.schema == SCHEMA => Ok((row.exercise, row.student)),
                    _ => Err(Error::BadInput(format!(
                        "--resume: the file is not a JSON gradebook (a line that is not a {SCHEMA} \
                         row: {}): give the file an earlier `--format json --out` wrote, or \
                         another --out",
                        line.chars().take(60).collect::<String>()
                    ))),
                })
                .collect(),
            _ => Err(Error::BadInput(
                "--resume reads back a gradebook written a row at a time: use --format csv or json"
                    .into(),
            )),
        }
    }
}

/// What a gradebook says about the whole run.
#[derive(Debug, Clone)]
pub struct About {
    /// Wall time of the whole run, in seconds.
    pub seconds: f64,
    /// How submissions were confined, in words.
    pub confinement: Option<String>,
}
