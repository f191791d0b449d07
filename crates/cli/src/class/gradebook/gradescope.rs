//! The gradebook as Gradescope's `results.json`: one test per student and exercise, scored 1 when
//! solved, with what `racelab exercise check` would print as its output.

use super::About;
use crate::class::row::Row;
use serde_json::json;

/// The whole document.
pub fn document(rows: &[Row], about: &About) -> String {
    let tests: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            json!({
                "name": format!("{}: {}", row.exercise, row.student),
                "score": row.score,
                "max_score": 1,
                "status": if row.verdict.solved() { "passed" } else { "failed" },
                "output": format!("{}: {}\n\n{}", row.verdict.name(), row.file, row.output),
            })
        })
        .collect();
    let output = about.confinement.as_ref().map_or(String::new(), |how| {
        format!("graded by racelab; sandbox: {how}")
    });
    let document = json!({
        "tests": tests,
        "output": output,
        "execution_time": about.seconds.round() as u64,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    )
}
