//! Pictures: the counterexample's timeline as SVG (`--svg` on explore and replay). Well-formed
//! XML, every step in it, written whole or not at all, and the README's picture up to date.

use crate::common::racelab;
use serde_json::Value;
use std::path::Path;

/// Runs racelab with `args` plus `--json --svg <dir>/<name>`; returns the exit code, the report
/// and the picture (if written).
fn with_svg(dir: &Path, name: &str, args: &[&str]) -> (i32, Value, Option<String>) {
    let path = dir.join(name);
    let output = racelab()
        .args(args)
        .arg("--json")
        .arg("--svg")
        .arg(&path)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    let svg = std::fs::read_to_string(&path).ok();
    (output.status.code().unwrap_or(-1), report, svg)
}

/// The picture parses as XML, is an SVG, and shows every step of the report's counterexample.
fn check_picture(svg: &str, report: &Value) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .expect("a description for screen readers");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    let steps = report["counterexample"]["steps"].as_array().unwrap();
    for (i, step) in steps.iter().enumerate() {
        let label = format!("{}. thread {}: ", i + 1, step["thread"]);
        assert!(
            desc.contains(&label),
            "step {} is not described: {desc}",
            i + 1
        );
        let target = step["target"].as_str().unwrap();
        assert!(
            texts.iter().any(|t| t.contains(target)),
            "no text names {target}"
        );
    }
    let boxes = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("rx").is_some())
        .count();
    assert_eq!(boxes, steps.len(), "one box per step");
    assert!(
        texts.iter().any(|t| t.contains("breaks it")),
        "the breaking step is marked in words"
    );
}

#[test]
fn explore_and_replay_write_the_timeline_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let (code, report, svg) = with_svg(dir.path(), "bank.svg", &["explore", "bank"]);
    assert_eq!(code, 1);
    check_picture(&svg.expect("written"), &report);
    let token = report["counterexample"]["replay"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, replayed, svg) = with_svg(
        dir.path(),
        "replayed.svg",
        &["replay", "bank", "--schedule", &token],
    );
    assert_eq!(code, 1);
    check_picture(&svg.expect("written"), &replayed);
}

#[test]
fn a_weak_memory_picture_marks_its_stale_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (code, report, svg) = with_svg(dir.path(), "dekker.svg", &["explore", "dekker"]);
    assert_eq!(code, 1);
    let svg = svg.expect("written");
    check_picture(&svg, &report);
    assert!(svg.contains("stale"), "{svg}");
}

#[test]
fn no_counterexample_writes_no_picture_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mutex.svg");
    let output = racelab()
        .args(["explore", "counter", "--variant", "mutex", "--svg"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!path.exists());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no picture"));
}

#[test]
fn a_bad_path_gets_one_line_and_exit_2_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().join("missing/x.svg"), dir.path().to_path_buf()] {
        let output = racelab()
            .args(["explore", "counter", "--svg"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(output.stdout.is_empty(), "nothing printed before the error");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file"
    );
}

/// The README's picture is what `make pictures` writes today.
#[test]
fn the_readme_picture_is_up_to_date() {
    let committed = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/counter-lost-update.svg"
    ));
    let dir = tempfile::tempdir().unwrap();
    let (code, _, svg) = with_svg(dir.path(), "now.svg", &["explore", "counter"]);
    assert_eq!(code, 1);
    let committed = std::fs::read_to_string(committed).expect("docs/counter-lost-update.svg");
    assert!(
        committed == svg.expect("written"),
        "docs/counter-lost-update.svg is stale: run `make pictures`"
    );
    insta::assert_snapshot!("counter_lost_update_svg", committed);
}

/// The lesson as one page: well-formed, self-contained, with every part of the lesson.
#[test]
fn explain_writes_the_lesson_as_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lesson.html");
    let output = racelab()
        .args(["explain", "counter", "--no-run", "--html"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed XHTML");
    for node in doc.descendants() {
        for attribute in node.attributes() {
            let value = attribute.value();
            let outside = value.starts_with("http") || value.starts_with("//");
            let linking = matches!(attribute.name(), "src" | "href");
            assert!(
                !(linking || outside && attribute.name() != "xmlns"),
                "{value}"
            );
        }
        if node.has_tag_name("script") || node.has_tag_name("link") {
            panic!("the page fetches or runs something: {:?}", node.tag_name());
        }
    }
    for part in [
        "The code: variant",
        "The interleaving that breaks it",
        "Every variant",
        "Why each fix holds",
        "pub fn racy",
    ] {
        assert!(page.contains(part), "no {part:?}");
    }
    assert_eq!(
        page.matches("<svg").count(),
        1,
        "the timeline (no real run: no histogram)"
    );
    insta::assert_snapshot!("explain_counter_html", page);
}

#[test]
fn explain_to_a_bad_path_does_no_work_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = racelab()
        .args(["explain", "counter", "--no-run", "--html"])
        .arg(dir.path().join("missing/lesson.html"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_processes_lab_has_a_page_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("processes.html");
    let output = racelab()
        .args(["explain", "processes", "--no-run", "--html"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = std::fs::read_to_string(&path).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(&page, options).expect("well-formed XHTML");
    assert!(page.contains("No interleavings") && page.contains("pub fn private_memory"));
}

#[test]
fn the_caption_speaks_of_arrows_only_where_a_load_reads_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let (_, report, svg) = with_svg(dir.path(), "transfer.svg", &["explore", "transfer"]);
    let svg = svg.expect("written");
    check_picture(&svg, &report);
    assert!(!svg.contains("an arrow goes from each store"), "{svg}");
    let (_, _, svg) = with_svg(dir.path(), "counter.svg", &["explore", "counter"]);
    assert!(svg
        .expect("written")
        .contains("an arrow goes from each store"));
}
