//! `racelab new`: the files it writes, the two registry lines, and the names it refuses with
//! nothing changed. The slow test builds a copy of the workspace with the new lab in it.

use crate::common::racelab;
use std::path::Path;
use std::process::Command;

/// The workspace's root.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A folder with what `racelab new` reads and edits: the workspace manifest, the registry and
/// the labs' folder.
fn registry_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "Cargo.toml",
        "crates/labs/Cargo.toml",
        "crates/labs/src/lib.rs",
    ] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(file), to).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("labs/counter-race")).unwrap();
    dir
}

/// Every file under `dir` with its text, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.display().to_string(), text));
            }
        }
    }
    files.sort();
    files
}

/// The lines of `after` that `before` does not have.
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.lines().collect();
    (after.lines().filter(|l| !old.contains(l)))
        .map(String::from)
        .collect()
}

#[test]
fn new_writes_the_lab_and_registers_it_in_two_lines() {
    let dir = registry_copy();
    let manifest = std::fs::read_to_string(dir.path().join("crates/labs/Cargo.toml")).unwrap();
    let list = std::fs::read_to_string(dir.path().join("crates/labs/src/lib.rs")).unwrap();
    let output = racelab()
        .args(["new", "ring-buffer"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("cargo test -p ring-buffer-race"),
        "{stdout}"
    );
    let lab = dir.path().join("labs/ring-buffer-race");
    for file in [
        "Cargo.toml",
        "README.md",
        "src/lib.rs",
        "src/variants.rs",
        "tests/model.rs",
    ] {
        let text = std::fs::read_to_string(lab.join(file)).unwrap();
        assert!(
            !text.contains("{name}") && !text.contains("{Lab}"),
            "{file}: {text}"
        );
    }
    let lib = std::fs::read_to_string(lab.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("pub struct RingBufferLab(Shared)") && lib.contains("id: \"ring-buffer\"")
    );
    let readme = std::fs::read_to_string(lab.join("README.md")).unwrap();
    for section in [
        "## What goes wrong",
        "## The fixes, and why each holds",
        "- **mutex**",
    ] {
        assert!(readme.contains(section), "README lacks {section}");
    }
    let manifest_after =
        std::fs::read_to_string(dir.path().join("crates/labs/Cargo.toml")).unwrap();
    let list_after = std::fs::read_to_string(dir.path().join("crates/labs/src/lib.rs")).unwrap();
    assert_eq!(
        added_lines(&manifest, &manifest_after),
        ["ring-buffer-race = { path = \"../../labs/ring-buffer-race\" }"]
    );
    assert_eq!(
        added_lines(&list, &list_after),
        ["    &ring_buffer_race::RingBufferLab,"]
    );
    assert_eq!(manifest_after.lines().count(), manifest.lines().count() + 1);
    assert_eq!(list_after.lines().count(), list.lines().count() + 1);
}

#[test]
fn new_refuses_a_taken_or_malformed_name_and_changes_nothing() {
    let dir = registry_copy();
    let before = snapshot(dir.path());
    for name in [
        "counter", "bank", "Demo", "9lives", "a--b", "demo-", "de mo", "x_y",
    ] {
        let output = racelab()
            .args(["new", name])
            .current_dir(dir.path().join("labs"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn new_outside_a_checkout_says_how_to_point_at_one() {
    let dir = tempfile::tempdir().unwrap();
    for root in [None, Some(dir.path())] {
        let mut command = racelab();
        command
            .args(["new", "demo"])
            .current_dir(dir.path())
            .env_remove("RACELAB_ROOT");
        if let Some(root) = root {
            command.env("RACELAB_ROOT", root);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("RACELAB_ROOT"), "{stderr}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

#[test]
fn new_from_outside_writes_into_racelab_root() {
    let outside = tempfile::tempdir().unwrap();
    let dir = registry_copy();
    let output = racelab()
        .args(["new", "ring-buffer"])
        .current_dir(outside.path())
        .env("RACELAB_ROOT", dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(dir
        .path()
        .join("labs/ring-buffer-race/Cargo.toml")
        .is_file());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let folder = dir
        .path()
        .canonicalize()
        .unwrap()
        .join("labs/ring-buffer-race");
    assert!(
        stdout.contains(&format!("wrote {}:", folder.display())),
        "a whole path from outside: {stdout}"
    );
}

/// Slow (a build of the whole workspace): `make test-slow`. In a copy of the workspace,
/// `racelab new demo`, then the lab's own tests pass, `explore demo` exits 1, the fix exits 0,
/// and the copy is still rustfmt-clean.
#[test]
#[ignore = "builds a copy of the workspace: run with `make test-slow`"]
fn a_new_lab_builds_tests_and_explores_in_a_copy_of_the_workspace() {
    let copy = tempfile::tempdir().unwrap();
    let files = Command::new("git")
        .args(["ls-files", "-co", "--exclude-standard", "-z"])
        .current_dir(root())
        .output()
        .unwrap();
    for file in files.stdout.split(|&b| b == 0).filter(|f| !f.is_empty()) {
        let file = String::from_utf8_lossy(file).to_string();
        let to = copy.path().join(&file);
        if root().join(&file).is_file() {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root().join(&file), to).unwrap();
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |args: &[&str]| {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(copy.path())
            .env("CARGO_TARGET_DIR", copy.path().join("target"))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (code, err) = run(&["run", "-q", "-p", "racelab", "--", "new", "demo"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&["test", "-q", "-p", "demo-race"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&["run", "-q", "-p", "racelab", "--", "explore", "demo"]);
    assert_eq!(code, Some(1), "{err}");
    let (code, err) = run(&[
        "run",
        "-q",
        "-p",
        "racelab",
        "--",
        "explore",
        "demo",
        "--variant",
        "mutex",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&["fmt", "--all", "--check"]);
    assert_eq!(code, Some(0), "{err}");
}
