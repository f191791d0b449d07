//! A whole lesson as one self-contained HTML page: CSS and SVG inline, nothing fetched, so it
//! opens offline and can be mailed or hosted as is.

use super::escape;
use racelab_core::{Counterexample, LabInfo, Report, VariantInfo, VariantKind};
use std::fmt::Write;

/// What the page holds, gathered by `explain`.
#[derive(Debug)]
pub struct Lesson<'a> {
    /// The lab.
    pub info: &'a LabInfo,
    /// The variant whose code and interleaving are shown.
    pub variant: &'a VariantInfo,
    /// The sentence before the timeline.
    pub summary: String,
    /// The simplest interleaving that breaks it, if any.
    pub counterexample: Option<&'a Counterexample>,
    /// A short real run and what it showed, unless skipped.
    pub real: Option<(&'a Report, String)>,
    /// The headers of the verdict table.
    pub columns: [&'a str; 4],
    /// Every variant: its name and three columns (the verdict, the SC checker's, loom's).
    pub rows: Vec<[String; 4]>,
    /// What the table's words mean.
    pub note: String,
}

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #111; background: white; line-height: 1.5; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
pre.code { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; font-size: 0.95rem; }
pre.code span.hit { background: #fff2cc; font-weight: bold; }
table { border-collapse: collapse; } th, td { border: 1px solid #bbb; padding: 0.3rem 0.7rem; text-align: left; }
td.broken { color: #b34700; font-weight: bold; } td.holds { color: #005f99; font-weight: bold; }
figure { margin: 1rem 0; overflow-x: auto; } .note { color: #444; font-size: 0.95rem; }
@media print { h2 { page-break-after: avoid; } figure { page-break-inside: avoid; } }
"#;

/// Writes the page to `path` and says so.
pub fn write(path: &std::path::Path, lesson: &Lesson) -> anyhow::Result<std::process::ExitCode> {
    super::write_whole(path, &html(lesson))?;
    let id = lesson.info.id;
    outln!(
        "wrote {}: the lesson of {id} as one HTML page",
        path.display()
    )?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// The page.
pub fn html(lesson: &Lesson) -> String {
    let info = lesson.info;
    let title = format!("{}: {}", info.id, info.title);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n\
         <meta charset=\"utf-8\"/>\n<title>racelab: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    for paragraph in crate::lesson::concept(info.readme).split("\n\n") {
        let _ = writeln!(out, "<p>{}</p>", inline(paragraph));
    }
    code(&mut out, lesson);
    let heading = match lesson.counterexample {
        Some(_) => "The interleaving that breaks it",
        None if !info.model_checked => "No interleavings",
        None => "Every interleaving",
    };
    let _ = writeln!(
        out,
        "<h2>{heading}</h2>\n<p>{}</p>",
        escape(&lesson.summary)
    );
    if let Some(cx) = lesson.counterexample {
        let svg = super::timeline_svg(cx, info, lesson.variant.name);
        let _ = writeln!(out, "<figure>\n{svg}</figure>");
    }
    if let Some((report, words)) = &lesson.real {
        let _ = writeln!(out, "<h2>What real {} showed</h2>", info.worker_unit());
        for line in words.lines() {
            let _ = writeln!(out, "<p>{}</p>", escape(line));
        }
        let chart = super::histogram::svg(report, info.worker_unit());
        let _ = writeln!(out, "<figure>\n{chart}</figure>");
    }
    verdicts(&mut out, lesson);
    let _ = writeln!(out, "<h2>Why each fix holds</h2>\n<ul>");
    for v in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
        let text = crate::lesson::fix_paragraph(info.readme, v.name)
            .unwrap_or_else(|| format!("{}: {}", v.name, v.summary));
        let (name, rest) = text.split_once(':').unwrap_or((v.name, &text));
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>:{}</li>",
            inline(name),
            inline(rest)
        );
    }
    let _ = writeln!(
        out,
        "</ul>\n<p class=\"note\">Written by <code>racelab explain {} --html</code>. More: \
         <code>labs/{}/README.md</code>, <code>racelab {} {}</code>.</p>\n</body>\n</html>",
        info.id,
        info.crate_name,
        if info.model_checked { "explore" } else { "run" },
        info.id
    );
    out
}

/// The variant's code with line numbers; the lines the timeline runs are highlighted.
fn code(out: &mut String, lesson: &Lesson) {
    let info = lesson.info;
    let marked = match lesson.counterexample {
        Some(_) => "; the lines of the interleaving below are marked ▶ and highlighted",
        None => "",
    };
    let _ = writeln!(
        out,
        "<h2>The code: variant '{}'</h2>\n<p class=\"note\">labs/{}/src/variants.rs{marked}.</p>\n\
         <pre class=\"code\"><code>",
        escape(lesson.variant.name),
        info.crate_name
    );
    let hit: Vec<u32> = lesson
        .counterexample
        .map(|cx| cx.steps.iter().map(|s| s.line).collect())
        .unwrap_or_default();
    for (line, text) in crate::lesson::variant_code(info.variants_source, lesson.variant.function) {
        let text = format!("{line:>4} | {}", escape(&text));
        if hit.contains(&(line as u32)) {
            let _ = writeln!(out, "<span class=\"hit\">▶{text}</span>");
        } else {
            let _ = writeln!(out, " {text}");
        }
    }
    out.push_str("</code></pre>\n");
}

/// Every variant's verdict, as a table.
fn verdicts(out: &mut String, lesson: &Lesson) {
    out.push_str("<h2>Every variant</h2>\n<table>\n<thead><tr>");
    for header in lesson.columns {
        let _ = write!(out, "<th>{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for [name, verdict, sc, loom] in &lesson.rows {
        let class = if matches!(verdict.as_str(), "proven" | "no violation" | "fix") {
            "holds"
        } else {
            "broken"
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            escape(verdict),
            escape(sc),
            escape(loom)
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p class=\"note\">{}</p>",
        escape(&lesson.note.replace('\n', " "))
    );
}

/// Markdown's `code` and **bold**, in escaped text.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            for (j, piece) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<strong>{piece}</strong>");
                } else {
                    out.push_str(piece);
                }
            }
        }
    }
    out
}
