//! Preemptions come from the scheduler that made them: every rendering of a counterexample
//! (the terminal timeline, the SVG, the JSON steps, a game's moves and board) marks exactly as
//! many steps as the count it states.

use crate::common::racelab;
use racelab_core::VariantKind;

/// `N` in the first "N preemption" of `text` (a count, not "no preemption bound").
fn stated(text: &str) -> usize {
    text.match_indices(" preemption")
        .find_map(|(at, _)| {
            let digits: String = (text[..at].chars().rev())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.chars().rev().collect::<String>().parse().ok()
        })
        .expect("a stated count")
}

/// Every racy and wrong-fix variant of every model-checked lab.
fn broken_variants() -> Vec<(&'static str, &'static str)> {
    racelab_labs::all()
        .map(|lab| lab.info())
        .filter(|info| info.model_checked)
        .flat_map(|info| {
            (info.variants.iter())
                .filter(|v| v.kind != VariantKind::Fix)
                .map(move |v| (info.id, v.name))
        })
        .collect()
}

#[test]
fn every_broken_variant_marks_as_many_steps_as_its_count_says() {
    let work = tempfile::tempdir().unwrap();
    for (lab, variant) in broken_variants() {
        let svg = work.path().join(format!("{lab}-{variant}.svg"));
        let output = racelab()
            .args(["explore", lab, "--variant", variant, "--svg"])
            .arg(&svg)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{lab} {variant}: {text}");
        let count = stated(&text);
        let marks = text.matches("<- preempts t").count() + text.matches(", preempts t").count();
        assert_eq!(marks, count, "{lab} {variant}, terminal: {text}");
        let picture = std::fs::read_to_string(&svg).unwrap();
        assert_eq!(stated(&picture), count, "{lab} {variant}: the SVG's title");
        assert_eq!(
            picture.matches("preempts t").count(),
            count,
            "{lab} {variant}, SVG"
        );
        let json = crate::common::json(&["explore", lab, "--variant", variant], 1);
        let cx = &json["counterexample"];
        let marked = (cx["steps"].as_array().unwrap().iter())
            .filter(|s| s["preempts"].is_u64())
            .count();
        assert_eq!(
            marked as u64,
            cx["preemptions"].as_u64().unwrap(),
            "{lab} {variant}, JSON"
        );
    }
}

#[test]
fn a_game_marks_its_preemptions_in_the_moves_and_on_the_board_alike() {
    for (lab, moves) in [
        ("transfer", "2,1"),
        ("bank", "1,2,2,2,1,1"),
        ("counter", "1,2,2,1"),
    ] {
        let output = racelab()
            .args(["play", lab, "--moves", moves])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        let in_moves = (text.lines())
            .filter(|l| l.starts_with("move ") && l.contains("<- preempts t"))
            .count();
        let on_board = (text.lines())
            .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .filter(|l| l.contains("preempts t"))
            .count();
        assert_eq!(in_moves, on_board, "{lab} {moves}: {text}");
        let ending = text.find("You broke it").expect("the game ends broken");
        let ending = text[ending..].replace('\n', " ");
        assert_eq!(stated(&ending), in_moves, "{lab} {moves}: {text}");
    }
}
