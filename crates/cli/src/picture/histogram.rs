//! What real threads showed, as an SVG bar chart of outcomes: one bar per final state, its
//! count and its verdict written beside it, so the colour is never the only signal.

use super::escape;
use racelab_core::Report;
use std::fmt::Write;

const OK: &str = "#0072B2";
const BROKEN: &str = "#D55E00";

/// The outcomes of a real run, most frequent first (at most 12 bars).
pub fn svg(report: &Report, unit: &str) -> String {
    let mut rows: Vec<_> = report.outcomes.iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows.truncate(12);
    let top = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (260, 360, 30);
    let width = label_w + bar_w + 480;
    let height = 40 + row_h * rows.len() + 10;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="hist-title" font-family="DejaVu Sans, Verdana, sans-serif">"#
    );
    let _ = writeln!(
        out,
        "<title id=\"hist-title\">Final states of {} {unit} on real threads</title>",
        report.executions
    );
    let _ = writeln!(
        out,
        r##"<text x="0" y="20" font-size="14" fill="#444">final state — {} trials — verdict</text>"##,
        report.executions
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 36 + row_h * i;
        let state: Vec<String> = row
            .state
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        let broken = row.verdict != "ok";
        let length = ((row.count as f64 / top as f64) * bar_w as f64).max(2.0) as usize;
        let _ = writeln!(
            out,
            r#"<text x="0" y="{}" font-size="14" font-family="DejaVu Sans Mono, monospace">{}</text>"#,
            y + 15,
            escape(&state.join(", "))
        );
        let pattern = if broken {
            r#" stroke="black" stroke-dasharray="4 2""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<rect x="{label_w}" y="{}" width="{length}" height="{}" fill="{}"{pattern}/>"#,
            y + 2,
            row_h - 10,
            if broken { BROKEN } else { OK }
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="14">{} — {}</text>"#,
            label_w + length + 8,
            y + 15,
            row.count,
            escape(&row.verdict)
        );
    }
    out.push_str("</svg>\n");
    out
}
