//! The outcome histogram of a real-thread run: every outcome when there are few, buckets when
//! every trial ends somewhere else (as a counter losing thousands of updates does).

use super::table;
use racelab_core::{OutcomeRow, OK};
use std::fmt::Write;

/// Outcomes shown one per row at most; more are grouped into buckets.
const MAX_ROWS: usize = 12;
/// Buckets when grouped.
const BUCKETS: i64 = 8;

/// The table when it is short; otherwise a bucketed histogram of the first state value.
pub fn render(rows: &[OutcomeRow], unit: &str) -> String {
    let Some(key) = rows.first().and_then(|r| r.state.keys().next()).cloned() else {
        return table::render(rows, unit);
    };
    if rows.len() <= MAX_ROWS || rows[0].state.len() != 1 {
        return table::render(rows, unit);
    }
    let values = rows.iter().map(|r| r.state[&key]);
    let (low, high) = (values.clone().min().unwrap_or(0), values.max().unwrap_or(0));
    let width = ((high - low) / BUCKETS + 1).max(1);
    let mut buckets = vec![(0u64, 0u64); BUCKETS as usize];
    for row in rows {
        let i = ((row.state[&key] - low) / width).min(BUCKETS - 1) as usize;
        buckets[i].0 += row.count;
        if row.verdict == OK {
            buckets[i].1 += row.count;
        }
    }
    let most = buckets.iter().map(|b| b.0).max().unwrap_or(1).max(1);
    let mut out = format!(
        "  {} distinct outcomes; final {key} in {} buckets:\n",
        rows.len(),
        BUCKETS
    );
    for (i, (count, ok)) in buckets.iter().enumerate() {
        let from = low + i as i64 * width;
        let bar = "#".repeat((count * 40).div_ceil(most) as usize);
        let range = format!("{from}..{}", from + width - 1);
        let ok_note = if *ok > 0 {
            format!(" ({ok} ok)")
        } else {
            String::new()
        };
        let word = if *count == 1 {
            crate::words::singular(unit)
        } else {
            unit.to_string()
        };
        let w = unit.len();
        let _ = writeln!(out, "  {range:>23} {count:>7} {word:<w$} {bar}{ok_note}");
    }
    out
}
