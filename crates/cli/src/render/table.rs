//! The outcome table: final state, how many executions reached it, the verdict.

use crate::style;
use racelab_core::OutcomeRow;
use std::fmt::Write;

/// One row per outcome, aligned; `unit` names the count column (`executions`, `trials`).
pub fn render(rows: &[OutcomeRow], unit: &str) -> String {
    if rows.is_empty() {
        return format!("  (no {unit})\n");
    }
    // Every row's keys: an execution that ended stuck reports the cells, not the usual state.
    let mut keys: Vec<&String> = Vec::new();
    for key in rows.iter().flat_map(|r| r.state.keys()) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let value = |row: &OutcomeRow, key: &String| {
        row.state
            .get(key)
            .map_or_else(|| "-".to_string(), i64::to_string)
    };
    let key_headers: Vec<String> = keys.iter().map(|k| format!("final {k}")).collect();
    let widths: Vec<usize> = key_headers
        .iter()
        .zip(&keys)
        .map(|(h, k)| {
            rows.iter()
                .map(|r| value(r, k).len())
                .chain([h.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .chain([unit.len()])
        .max()
        .unwrap_or(0);
    let mut out = String::from(" ");
    for (h, w) in key_headers.iter().zip(&widths) {
        let _ = write!(out, " {h:<w$}  ");
    }
    let _ = writeln!(out, " {unit:>count_width$}   verdict");
    for row in rows {
        out.push(' ');
        for (k, w) in keys.iter().zip(&widths) {
            let _ = write!(out, " {:<w$}  ", value(row, k));
        }
        let _ = writeln!(
            out,
            " {:>count_width$}   {}",
            row.count,
            style::verdict(&row.verdict)
        );
    }
    out
}
