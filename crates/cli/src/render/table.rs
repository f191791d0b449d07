//! The outcome table: final state, how many executions reached it, the verdict.

use crate::style;
use racelab_core::OutcomeRow;
use std::fmt::Write;

/// One row per outcome, aligned; `unit` names the count column (`executions`, `trials`).
pub fn render(rows: &[OutcomeRow], unit: &str) -> String {
    let Some(first) = rows.first() else {
        return format!("  (no {unit})\n");
    };
    let keys: Vec<&String> = first.state.keys().collect();
    let key_headers: Vec<String> = keys.iter().map(|k| format!("final {k}")).collect();
    let widths: Vec<usize> = key_headers
        .iter()
        .zip(&keys)
        .map(|(h, k)| {
            rows.iter()
                .map(|r| r.state[*k].to_string().len())
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
            let _ = write!(out, " {:<w$}  ", row.state[*k]);
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
