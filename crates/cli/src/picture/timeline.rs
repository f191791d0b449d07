//! A counterexample's timeline as one SVG, sized for a slide: a column per thread, a row per
//! step, an arrow from each store to the loads that read it, the preemptions marked and the
//! step that breaks the invariant highlighted. Text stays text, every mark has a word beside
//! its colour, and the palette is Okabe and Ito's, safe for colour-blind readers.

use super::escape;
use crate::render::timeline::describe;
use racelab_core::trace::{Action, Step};
use racelab_core::{Checker, Counterexample, LabInfo};
use std::fmt::Write;

/// One colour per thread (Okabe-Ito: blue, orange, bluish green, reddish purple, sky blue).
const THREAD_COLOURS: [&str; 5] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"];
/// The step that breaks the invariant (Okabe-Ito vermillion).
const BREAKS: &str = "#D55E00";

/// A step's box at its narrowest; its column adds room for arrows.
const BOX: usize = 220;
const GAP: usize = 70;
/// The width of one character of a step's words (15 px monospace), and the box's padding.
const CHAR: usize = 9;
const PADDING: usize = 24;
/// The width of one character of the title (20 px bold), with some to spare.
const TITLE_CHAR: usize = 12;
const ROW: usize = 44;
const LEFT: usize = 56;
const TOP: usize = 128;
const RIGHT: usize = 270;

/// The timeline of `cx`, titled with the lab and the variant.
pub fn svg(cx: &Counterexample, info: &LabInfo, variant: &str) -> String {
    let threads = cx.steps.iter().map(|s| s.thread).max().unwrap_or(1);
    let g = Geometry::fitting(&cx.steps);
    let breaking = crate::render::timeline::breaking(&cx.steps, &cx.state, info);
    let title = format!(
        "{} / {variant}: {} ({} preemption{})",
        info.id,
        cx.verdict,
        cx.preemptions,
        if cx.preemptions == 1 { "" } else { "s" }
    );
    // As wide as the columns need, or as the title (bold, 20 px), whichever is wider.
    let width = (LEFT + g.column * threads + RIGHT).max(LEFT + TITLE_CHAR * title.chars().count());
    let height = TOP + ROW * cx.steps.len() + 70;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc" font-family="DejaVu Sans, Verdana, sans-serif">"#
    );
    let _ = writeln!(out, "<title id=\"title\">{}</title>", escape(&title));
    let steps: Vec<String> = cx
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "{}. {} {}: {}",
                i + 1,
                info.worker_one(),
                s.thread,
                describe(s)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<desc id=\"desc\">{}</desc>",
        escape(&steps.join("; "))
    );
    out.push_str(DEFS);
    let _ = writeln!(
        out,
        r#"<rect width="{width}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="32" font-size="20" font-weight="bold">{}</text>"#,
        escape(&title)
    );
    let model = match cx.found_by {
        Checker::Loom => "loom, weak memory: stale reads are marked",
        _ => "sequentially consistent",
    };
    let reads = reads_from(&cx.steps);
    // The arrows are explained only where there are some: a deadlock has locks, not loads.
    let arrows = if reads.is_empty() {
        ""
    } else {
        "; an arrow goes from each store to the loads that read it"
    };
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="54" font-size="13" fill="#444">{model}{arrows}</text>"##
    );
    for t in 1..=threads {
        let x = g.column_x(t) + g.column / 2;
        let colour = THREAD_COLOURS[(t - 1) % THREAD_COLOURS.len()];
        let _ = writeln!(
            out,
            r#"<text x="{x}" y="{}" font-size="15" font-weight="bold" text-anchor="middle" fill="{colour}">{} {t}</text>"#,
            TOP - 16,
            info.worker_one()
        );
        let bottom = TOP + ROW * cx.steps.len();
        let _ = writeln!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{bottom}" stroke="{colour}" stroke-width="2" stroke-dasharray="2 4"/>"#,
            TOP - 8
        );
    }
    let initial: Vec<String> = initial_values(&cx.steps)
        .iter()
        .map(|(cell, value)| format!("{cell} = {value}"))
        .collect();
    if !initial.is_empty() {
        let _ = writeln!(
            out,
            r##"<text x="{LEFT}" y="{}" font-size="14" fill="#444">initially: {}</text>"##,
            INITIAL_Y,
            escape(&initial.join(", "))
        );
    }
    for (from, to) in reads {
        arrow(&mut out, &g, &cx.steps, from, to);
    }
    for (i, step) in cx.steps.iter().enumerate() {
        let place = (i, LEFT + g.column * threads + 4);
        step_box(
            &mut out,
            &g,
            step,
            place,
            Some(i) == breaking,
            cx.steps[i].preempts,
        );
    }
    let end: Vec<String> = cx.state.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="{}" font-size="15">end: {} → <tspan font-weight="bold" fill="{BREAKS}">{}</tspan></text>"#,
        TOP + ROW * cx.steps.len() + 36,
        escape(&end.join(", ")),
        escape(&cx.verdict)
    );
    out.push_str("</svg>\n");
    out
}

/// The arrowhead, and the hatching that marks a stale read besides its colour.
const DEFS: &str = r##"<defs>
<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker>
</defs>
"##;

fn row_y(i: usize) -> usize {
    TOP + ROW * i
}

/// How wide the boxes and columns are: wide enough for the longest step's words (a waiting
/// primitive's step says more than a load).
struct Geometry {
    boxed: usize,
    column: usize,
}

impl Geometry {
    fn fitting(steps: &[Step]) -> Self {
        let widest = steps.iter().map(|s| describe(s).chars().count()).max();
        let boxed = BOX.max(widest.unwrap_or(0) * CHAR + PADDING);
        Geometry {
            boxed,
            column: boxed + GAP,
        }
    }

    fn column_x(&self, thread: usize) -> usize {
        LEFT + self.column * (thread - 1)
    }

    /// The left edge of a step's box in `thread`'s column.
    fn box_x(&self, thread: usize) -> usize {
        self.column_x(thread) + GAP / 2
    }
}

/// One step: a box in its thread's column, its words, its source line, and its marks.
fn step_box(
    out: &mut String,
    g: &Geometry,
    step: &Step,
    (i, notes_x): (usize, usize),
    breaks: bool,
    preempted: Option<usize>,
) {
    let (x, y) = (g.box_x(step.thread), row_y(i) + 6);
    let colour = THREAD_COLOURS[(step.thread - 1) % THREAD_COLOURS.len()];
    let (stroke, width) = if breaks { (BREAKS, 4) } else { (colour, 2) };
    let dash = if step.stale {
        r#" stroke-dasharray="6 3""#
    } else {
        ""
    };
    let _ = writeln!(
        out,
        r#"<rect x="{x}" y="{y}" width="{}" height="{}" rx="6" fill="white" stroke="{stroke}" stroke-width="{width}"{dash}/>"#,
        g.boxed,
        ROW - 12
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="15" font-family="DejaVu Sans Mono, Consolas, monospace">{}</text>"#,
        x + 10,
        y + 21,
        escape(&describe(step))
    );
    let _ = writeln!(
        out,
        r##"<text x="16" y="{}" font-size="13" fill="#444">{}</text>"##,
        y + 21,
        i + 1
    );
    let mut notes = vec![format!("line {}", step.line)];
    if let Some(from) = preempted {
        notes.push(format!("⚡ preempts t{from}"));
    }
    if step.stale {
        notes.push("stale".into());
    }
    if breaks {
        notes.push("✖ breaks it".into());
    }
    let _ = writeln!(
        out,
        r##"<text x="{notes_x}" y="{}" font-size="13" fill="{}">{}</text>"##,
        y + 21,
        if breaks { BREAKS } else { "#444" },
        escape(&notes.join(" · "))
    );
}

/// Where the initial values are written, above the columns.
const INITIAL_Y: usize = 78;

/// An arrow from the store at `from` (or from the initial values) to the load at `to`.
fn arrow(out: &mut String, g: &Geometry, steps: &[Step], from: Option<usize>, to: usize) {
    let b = &steps[to];
    let Some(from) = from else {
        let (x2, y2) = (g.box_x(b.thread) + 30, row_y(to) + 6);
        let (x1, y1) = (LEFT + 40, INITIAL_Y + 6);
        let _ = writeln!(
            out,
            r##"<path d="M {x1} {y1} C {x1} {} {} {} {x2} {y2}" fill="none" stroke="#999" stroke-width="1.5" stroke-dasharray="4 3" marker-end="url(#head)"><title>{} reads the initial value</title></path>"##,
            y1 + 30,
            x2 - 40,
            y2 - 30,
            to + 1
        );
        return;
    };
    let a = &steps[from];
    let (y1, y2) = (row_y(from) + ROW / 2, row_y(to) + ROW / 2);
    let path = if a.thread == b.thread {
        // Within one column: around the boxes' right side.
        let x = g.box_x(a.thread) + g.boxed;
        format!("M {x} {y1} C {} {y1} {} {y2} {x} {y2}", x + 30, x + 30)
    } else if a.thread < b.thread {
        // From the store's right edge to the load's left edge, through the gap between.
        let (x1, x2) = (g.box_x(a.thread) + g.boxed, g.box_x(b.thread));
        format!("M {x1} {y1} C {} {y1} {} {y2} {x2} {y2}", x1 + 40, x2 - 40)
    } else {
        let (x1, x2) = (g.box_x(a.thread), g.box_x(b.thread) + g.boxed);
        format!("M {x1} {y1} C {} {y1} {} {y2} {x2} {y2}", x1 - 40, x2 + 40)
    };
    let _ = writeln!(
        out,
        r##"<path d="{path}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#head)"><title>{} reads what step {} stored</title></path>"##,
        to + 1,
        from + 1
    );
}

/// (store, load) pairs: each load of a value is read from the latest earlier write of that
/// value to its cell, or (none) from the initial values.
pub(crate) fn reads_from(steps: &[Step]) -> Vec<(Option<usize>, usize)> {
    let writes = |s: &Step| {
        matches!(
            s.action,
            Action::Store | Action::FetchAdd | Action::Add | Action::Cas
        )
    };
    let reads = |s: &Step| matches!(s.action, Action::Load | Action::CasFailed);
    let mut pairs = Vec::new();
    for (to, load) in steps.iter().enumerate().filter(|(_, s)| reads(s)) {
        let from = (0..to).rev().find(|&k| {
            let w = &steps[k];
            writes(w) && w.target == load.target && w.value == load.value
        });
        pairs.push((from, to));
    }
    pairs
}

/// The initial value of each cell that a load read before any write to it.
fn initial_values(steps: &[Step]) -> Vec<(String, i64)> {
    let mut seen: Vec<(String, i64)> = Vec::new();
    for (from, to) in reads_from(steps) {
        let load = &steps[to];
        if from.is_none() && !seen.iter().any(|(cell, _)| *cell == load.target) {
            seen.push((load.target.to_string(), load.value.unwrap_or_default()));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(action: Action, target: &'static str, note: Option<&str>) -> Step {
        Step {
            thread: 1,
            action,
            target: target.into(),
            value: Some(0),
            stale: false,
            ordering: None,
            file: "".into(),
            line: 0,
            preempts: None,
            note: note.map(String::from),
        }
    }

    /// A long title widens the picture, which is otherwise as wide as its columns.
    #[test]
    fn the_picture_is_as_wide_as_its_title() {
        let cx = |verdict: &str| racelab_core::Counterexample {
            steps: vec![step(Action::Load, "x", None)],
            preemptions: 2,
            replay: None,
            found_by: racelab_core::Checker::Dpor,
            state: racelab_core::State::new(),
            verdict: verdict.to_string(),
        };
        let width = |svg: &str| {
            let at = svg.find("width=\"").expect("a width") + 7;
            svg[at..]
                .split('"')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        };
        let info = &LabInfo::DEFAULT;
        let narrow = width(&svg(&cx("x"), info, "v"));
        assert_eq!(
            narrow,
            LEFT + Geometry::fitting(&cx("x").steps).column + RIGHT
        );
        let verdict = "both threads were inside at once, and a waiting thread was bypassed";
        let wide = width(&svg(&cx(verdict), info, "v"));
        let title = format!(" / v: {verdict} (2 preemptions)");
        assert_eq!(wide, LEFT + TITLE_CHAR * title.chars().count());
        assert!(wide > narrow);
    }

    #[test]
    fn boxes_keep_their_width_for_short_steps_and_grow_for_long_words() {
        let short = [step(Action::Load, "counter", None)];
        assert_eq!(Geometry::fitting(&short).boxed, BOX);
        let long = [step(
            Action::Blocked,
            "not_empty",
            Some(": no thread is left to notify it"),
        )];
        let words = describe(&long[0]).chars().count();
        assert!(Geometry::fitting(&long).boxed >= words * CHAR + PADDING);
        assert_eq!(
            Geometry::fitting(&long).column,
            Geometry::fitting(&long).boxed + GAP
        );
    }
}
