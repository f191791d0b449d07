//! The gradebook as CSV: a header, then one line per student.

use crate::class::row::Row;
use racelab_core::Error;

const COLUMNS: [&str; 12] = [
    "exercise",
    "student",
    "verdict",
    "score",
    "checker",
    "size",
    "executions",
    "seconds",
    "violation",
    "replay",
    "message",
    "file",
];

/// The header line.
pub fn header() -> String {
    record(&COLUMNS.map(str::to_string))
}

/// One student's line.
pub fn line(row: &Row) -> String {
    record(&[
        row.exercise.clone(),
        row.student.clone(),
        row.verdict.name().to_string(),
        row.score.to_string(),
        row.checker.clone().unwrap_or_default(),
        row.size.clone().unwrap_or_default(),
        row.executions.to_string(),
        format!("{:.3}", row.seconds),
        row.violation.clone().unwrap_or_default(),
        row.replay.clone().unwrap_or_default(),
        row.message.clone(),
        row.file.clone(),
    ])
}

fn record(fields: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The (exercise, student) of every row, header or not.
pub fn graded(text: &str) -> Result<Vec<(String, String)>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| Error::BadInput(format!("--resume: not a gradebook CSV: {e}")))?;
        match (record.get(0), record.get(1)) {
            (Some("exercise"), Some("student")) => {}
            (Some(exercise), Some(student)) => pairs.push((exercise.into(), student.into())),
            _ => {
                return Err(Error::BadInput(
                    "--resume: a CSV line without exercise and student".into(),
                ))
            }
        }
    }
    Ok(pairs)
}
