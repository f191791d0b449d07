//! What real threads showed, as an SVG bar chart of outcomes: one bar per final state, its
//! count and its verdict written beside it, so the colour is never the only signal.

use super::escape;
use racelab_core::Report;
use std::fmt::Write;

const OK: &str = "#0072B2";
const BROKEN: &str = "#D55E00";

/// Pixels per character of the 14 px labels, a little more than DejaVu's average.
const CHAR_W: usize = 9;

/// The outcomes of a real run of `unit` (threads, processes) in the order of their values (the 12 most frequent, when there
/// are more), as wide as their labels need and never wider than its container: it scales down
/// rather than scroll.
pub fn svg(report: &Report, unit: &str) -> String {
    let mut rows: Vec<_> = report.outcomes.iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows.truncate(12);
    rows.sort_by_key(|r| r.state.values().copied().collect::<Vec<i64>>());
    let top = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let label = |r: &racelab_core::OutcomeRow| {
        let state: Vec<String> = (r.state.iter())
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        state.join(", ")
    };
    let widest = |f: &dyn Fn(&racelab_core::OutcomeRow) -> usize| {
        rows.iter().map(|r| f(r)).max().unwrap_or(0)
    };
    let label_w = widest(&|r| label(r).chars().count()) * CHAR_W + 20;
    let note_w = widest(&|r| format!("{} — {}", r.count, r.verdict).chars().count()) * CHAR_W + 16;
    let (bar_w, row_h) = (360, 30);
    let width = label_w + bar_w + note_w;
    let height = 40 + row_h * rows.len() + 10;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" style="max-width: 100%; height: auto" role="img" aria-labelledby="hist-title" font-family="DejaVu Sans, Verdana, sans-serif">"#
    );
    let _ = writeln!(
        out,
        "<title id=\"hist-title\">Final states of {} on real {unit}</title>",
        crate::words::count(report.executions, "trials")
    );
    let _ = writeln!(
        out,
        r##"<text x="0" y="20" font-size="14" fill="#444">final state — {} — verdict{}</text>"##,
        crate::words::count(report.executions, "trials"),
        if report.outcomes.len() > rows.len() {
            format!(
                " (the {} most frequent of {} final states)",
                rows.len(),
                report.outcomes.len()
            )
        } else {
            String::new()
        }
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 36 + row_h * i;
        let broken = row.verdict != "ok";
        let length = ((row.count as f64 / top as f64) * bar_w as f64).max(2.0) as usize;
        let _ = writeln!(
            out,
            r#"<text x="0" y="{}" font-size="14" font-family="DejaVu Sans Mono, monospace">{}</text>"#,
            y + 15,
            escape(&label(row))
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

#[cfg(test)]
mod tests {
    use super::svg;
    use racelab_core::Report;

    fn run_with(counts: &[(i64, u64)]) -> Report {
        let outcomes: Vec<serde_json::Value> = (counts.iter())
            .map(|&(counter, count)| {
                let verdict = if counter == 4 { "ok" } else { "lost updates" };
                serde_json::json!({"state": {"counter": counter}, "count": count, "verdict": verdict})
            })
            .collect();
        let total: u64 = counts.iter().map(|c| c.1).sum();
        serde_json::from_value(serde_json::json!({
            "schema": "racelab/report/v1", "lab": "counter", "variant": "racy",
            "backend": "threads", "checker": null, "params": {"threads": 2, "iters": 2},
            "exhaustive": false, "limited_by": null, "max_preemptions": null, "seed": null,
            "window": "yield", "executions": total, "violations": 0, "elapsed_ms": 1.0,
            "outcomes": outcomes, "counterexample": null,
        }))
        .unwrap()
    }

    #[test]
    fn bars_come_in_value_order_and_the_chart_fits_a_page() {
        let picture = svg(&run_with(&[(3, 50), (2, 7), (4, 40), (1, 3)]), "threads");
        let at = |label: &str| picture.find(label).unwrap();
        assert!(at(">counter = 1<") < at(">counter = 2<"));
        assert!(at(">counter = 2<") < at(">counter = 3<"));
        assert!(at(">counter = 3<") < at(">counter = 4<"));
        let width: usize = picture
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(width <= 1100, "{width}");
        assert!(
            picture.contains("max-width: 100%"),
            "it scales down instead of scrolling"
        );
        assert!(picture.contains("Final states of 100 trials on real threads"));
    }

    #[test]
    fn a_chart_of_the_most_frequent_says_it_is_not_all() {
        let many: Vec<(i64, u64)> = (0..20).map(|v| (v, 1 + v as u64)).collect();
        let picture = svg(&run_with(&many), "threads");
        assert!(
            picture.contains("the 12 most frequent of 20 final states"),
            "{picture}"
        );
    }
}
