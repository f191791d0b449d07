//! `racelab explain`: the deterministic part of each lesson, snapshotted as learners read it.

use crate::common::{racelab, refused, stdout_of};

fn lesson(args: &[&str]) -> String {
    let args: Vec<&str> = ["explain"]
        .iter()
        .chain(args)
        .chain(&["--no-run"])
        .copied()
        .collect();
    stdout_of(&args)
}

#[test]
fn counter_lesson() {
    let text = lesson(&["counter"]);
    assert!(
        text.contains("load counter -> 0") && text.contains("(1 preemption;"),
        "{text}"
    );
    assert!(
        text.contains("pub fn racy<R: Runtime>"),
        "the real source is shown"
    );
    insta::assert_snapshot!("explain_counter", text);
}

#[test]
fn bank_lesson_shows_the_overdraft_and_the_money_creating_interleavings() {
    let text = lesson(&["bank"]);
    assert!(
        text.contains("money created, double withdrawal (1 preemption"),
        "{text}"
    );
    assert!(
        text.contains("overdraft, double withdrawal (1 preemption"),
        "{text}"
    );
    insta::assert_snapshot!("explain_bank", text);
}

#[test]
fn a_wrong_fix_is_explained_the_same_way() {
    let text = lesson(&["bank", "--variant", "lock-write-only"]);
    assert!(text.contains("pub fn lock_write_only"), "{text}");
    assert!(text.contains("lock account"), "{text}");
    insta::assert_snapshot!("explain_bank_lock_write_only", text);
}

#[test]
fn lessons_in_colour_are_the_same_text_with_escape_codes() {
    let output = racelab()
        .args(["explain", "counter", "--no-run", "--color", "always"])
        .output()
        .unwrap();
    let coloured = String::from_utf8(output.stdout).unwrap();
    assert!(coloured.contains('\u{1b}'));
    insta::assert_snapshot!("explain_counter_colour", coloured);
}

#[test]
fn two_runs_print_the_same_lesson() {
    assert_eq!(lesson(&["bank"]), lesson(&["bank"]));
}

#[test]
fn unknown_lab_or_variant_gets_one_line_and_exit_2() {
    let err = refused(&["explain", "nope"]);
    assert!(
        err.contains("counter, bank") && err.lines().count() == 1,
        "{err}"
    );
    let err = refused(&["explain", "bank", "--variant", "nope"]);
    assert!(err.contains("racy, lock-write-only, mutex, cas"), "{err}");
}

/// Every registered lab's lesson shows its code, its variant table keeps its columns apart, and
/// a model-checked lab's tables fit in 80 columns: each lesson made once, for all three checks,
/// in two tests (every other lab of the registry each) that run side by side.
#[test]
fn the_odd_labs_lessons_show_their_code_in_columns_apart_and_within_80() {
    check_lessons(|index| index % 2 == 0);
}

#[test]
fn the_even_labs_lessons_show_their_code_in_columns_apart_and_within_80() {
    check_lessons(|index| index % 2 == 1);
}

/// The checks of the two tests above, on the labs whose place in the registry (from 0) `keep`
/// takes.
fn check_lessons(keep: impl Fn(usize) -> bool) {
    for (_, lab) in racelab_labs::all().enumerate().filter(|(i, _)| keep(*i)) {
        let info = lab.info();
        let text = lesson(&[info.id]);
        if info.model_checked {
            let tables = text
                .lines()
                .filter(|l| l.starts_with("  ") && !l.contains(" | "));
            for line in tables {
                assert!(line.chars().count() <= 80, "{}: {line}", info.id);
            }
        }
        let code = text
            .split("The code")
            .nth(1)
            .unwrap_or_else(|| panic!("{}: no code section\n{text}", info.id));
        let function = info.variants[0].function;
        assert!(
            code.lines()
                .any(|l| l.contains(" | pub ") && l.contains(&format!(" fn {function}"))),
            "{}: the code of {function} is not shown\n{text}",
            info.id
        );
        if let Some(table) = text.split("Every variant").nth(1) {
            for variant in info.variants {
                let row = table
                    .lines()
                    .find(|l| l.trim_start().starts_with(variant.name))
                    .unwrap_or_else(|| panic!("{}: no row for {}\n{text}", info.id, variant.name));
                let after = &row.trim_start()[variant.name.len()..];
                assert!(
                    after.starts_with("  "),
                    "{}: '{row}' runs together",
                    info.id
                );
            }
        }
    }
}

/// Every variant's declared function is in its lab's variants source, where `explain` finds it.
#[test]
fn every_variant_names_a_function_in_its_source() {
    for lab in racelab_labs::all() {
        let info = lab.info();
        for variant in info.variants {
            let found = ["pub fn ", "pub async fn "].iter().any(|start| {
                info.variants_source
                    .lines()
                    .any(|l| l.starts_with(&format!("{start}{}", variant.function)))
            });
            assert!(
                found,
                "{} {}: no `pub fn {}`",
                info.id, variant.name, variant.function
            );
        }
    }
}

#[test]
fn a_race_is_never_said_not_to_depend_on_timing() {
    for (lab, variant) in [("bank", "lock-write-only"), ("counter", "racy")] {
        let text = stdout_of(&["explain", lab, "--variant", variant]);
        assert!(
            !text.contains("does not depend on timing"),
            "{lab} {variant}: {text}"
        );
        assert!(
            text.contains("depends on timing"),
            "{lab} {variant}: {text}"
        );
    }
    let fixed = stdout_of(&["explain", "bank", "--variant", "mutex"]);
    assert!(fixed.contains("does not depend on timing"), "{fixed}");
}
