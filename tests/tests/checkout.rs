//! racelab works in the checkout the user stands in (found as cargo finds its workspace), not in
//! the tree the binary was built from; the paths it prints are valid from there, and progress
//! lives with that checkout.

use crate::common::racelab;
use std::path::Path;
use std::process::Output;

/// A copy of what the exercise commands read: the workspace manifest, the registry, and the
/// counter lab's exercise files.
fn workspace_copy() -> tempfile::TempDir {
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let copy = tempfile::tempdir().unwrap();
    let exercises = "labs/counter-race/exercises";
    let mut files = vec![
        "Cargo.toml".to_string(),
        "crates/labs/Cargo.toml".to_string(),
    ];
    for folder in ["stubs", "solutions", "wrong"] {
        for entry in std::fs::read_dir(repo.join(exercises).join(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            files.push(format!("{exercises}/{folder}/{name}"));
        }
    }
    for file in files {
        let to = copy.path().join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join(&file), to).unwrap();
    }
    copy
}

fn in_folder(folder: &Path, args: &[&str]) -> Output {
    racelab()
        .args(args)
        .current_dir(folder)
        .env_remove("RACELAB_ROOT")
        .env_remove("RACELAB_EXERCISE_DIR")
        .output()
        .unwrap()
}

/// The path after `edit:` in `exercise show`.
fn edited(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let line = stdout.lines().find(|l| l.starts_with("edit:")).unwrap();
    let path = line.trim_start_matches("edit:").trim();
    path.split(" (the function").next().unwrap().to_string()
}

#[test]
fn exercises_are_written_in_the_copy_the_user_stands_in_with_paths_valid_from_there() {
    let copy = workspace_copy();
    let working = copy.path().join("labs/counter-race/exercises/counter.rs");
    for folder in [
        copy.path().to_path_buf(),
        copy.path().join("labs/counter-race"),
    ] {
        let _ = std::fs::remove_file(&working);
        let shown = edited(&in_folder(&folder, &["exercise", "show", "counter"]));
        assert!(working.is_file(), "the working copy is made in the copy");
        assert!(
            folder.join(&shown).is_file(),
            "{shown} exists from {}",
            folder.display()
        );
    }
    let subfolder = copy.path().join("labs/counter-race/exercises/stubs");
    let shown = edited(&in_folder(&subfolder, &["exercise", "show", "counter"]));
    assert!(
        Path::new(&shown).is_absolute() && Path::new(&shown).is_file(),
        "outside the current folder, a whole path: {shown}"
    );
}

#[test]
fn progress_lives_with_the_checkout_not_with_the_build() {
    let (one, two) = (workspace_copy(), workspace_copy());
    let hint = in_folder(one.path(), &["exercise", "hint", "counter"]);
    assert_eq!(hint.status.code(), Some(0), "{hint:?}");
    let state = one.path().join(".racelab/state.json");
    let text = std::fs::read_to_string(&state).unwrap();
    assert!(text.contains("\"counter\": 1"), "{text}");
    assert!(!two.path().join(".racelab").exists(), "not shared");
    let next = in_folder(two.path(), &["exercise", "hint", "counter"]);
    let words = String::from_utf8_lossy(&next.stdout);
    assert!(
        words.contains("hint 1 of"),
        "the second checkout starts over: {words}"
    );
}

#[test]
fn outside_any_checkout_an_exercise_says_how_to_point_at_one() {
    let empty = tempfile::tempdir().unwrap();
    let output = in_folder(empty.path(), &["exercise", "show", "counter"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cd into your clone") && stderr.contains("RACELAB_ROOT"));
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}
