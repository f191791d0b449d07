//! The gradebook as CSV: a header, then one line per student.

use crate::class::row::{Row, Verdict};
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

/// The (exercise, student) of every row, header or not; a file that is not a CSV gradebook (other
/// columns, another format) is refused rather than appended to.
pub fn graded(text: &str) -> Result<Vec<(String, String)>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let refused = |why: String| {
        Error::BadInput(format!(
            "--resume: the file is not a CSV gradebook ({why}): give the file an earlier \
             `--format csv --out` wrote, or another --out"
        ))
    };
    let mut pairs = Vec::new();
    for (at, record) in reader.records().enumerate() {
        let record = record.map_err(|e| refused(e.to_string()))?;
        let line = at + 1;
        if record.len() != COLUMNS.len() {
            return Err(refused(format!(
                "line {line} has {} columns, not {}",
                record.len(),
                COLUMNS.len()
            )));
        }
        if record.iter().eq(COLUMNS) {
            continue;
        }
        let verdict = &record[2];
        if !Verdict::ALL.iter().any(|v| v.name() == verdict) {
            return Err(refused(format!(
                "line {line}: `{verdict}` is not a verdict"
            )));
        }
        pairs.push((record[0].to_string(), record[1].to_string()));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_its_own_rows_and_refuses_other_files() {
        let row = "counter,ann,verified,1,dpor,2 threads,4,0.010,,,proven,ann.rs\n";
        let own = format!("{}{row}", header());
        assert_eq!(graded(&own).unwrap(), [("counter".into(), "ann".into())]);
        assert_eq!(
            graded(row).unwrap().len(),
            1,
            "a shard's rows come without a header"
        );
        let json = r#"{"schema": "racelab/grade/v1", "exercise": "counter", "student": "ann"}"#;
        for other in [
            "name,grade\nann,10\n",
            json,
            "counter,ann,great,1,,,,,,,,x\n",
        ] {
            let error = graded(other).unwrap_err().to_string();
            assert!(error.contains("not a CSV gradebook"), "{other}: {error}");
        }
    }
}
