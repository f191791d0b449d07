//! Writes `student.rs` into OUT_DIR: the exercise's lab served with submitted files as its
//! variant. Two ways, by environment:
//! - `RACELAB_EXERCISE_FILE` (`racelab exercise check`): one student's file as a module, and a
//!   `main` that serves explorations of the lab with that file as its variant;
//! - `RACELAB_CLASS_MANIFEST` (`racelab exercise grade`): a file of `module<TAB>path` lines, one
//!   per submission; each becomes a module of its own (`OUT_DIR/class/<module>.rs`, so that the
//!   compiler's messages name the submission they are about), and `main` serves the one its first
//!   argument names, inside the grading sandbox.
//!
//! Without them (a plain `cargo build --workspace`), no student file is compiled at all, so a
//! student's half-edited file can never break the workspace's own build or tests.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    for var in [
        "RACELAB_EXERCISE_FILE",
        "RACELAB_EXERCISE_CRATE",
        "RACELAB_CLASS_MANIFEST",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lab_crate = std::env::var("RACELAB_EXERCISE_CRATE").ok();
    let file = std::env::var("RACELAB_EXERCISE_FILE").ok();
    let manifest = std::env::var("RACELAB_CLASS_MANIFEST").ok();
    let code = match (file, manifest, lab_crate) {
        (Some(file), _, Some(lab_crate)) => format!(
            "#[path = {file:?}]\nmod student;\n\n\
             fn main() -> std::process::ExitCode {{\n    \
             racelab_labs::worker::serve_exercise({lab_crate}::student_lab!(student))\n}}\n"
        ),
        (None, Some(manifest), Some(lab_crate)) => class(&out, Path::new(&manifest), &lab_crate),
        _ => "fn main() -> std::process::ExitCode {\n    \
              eprintln!(\"racelab-grader holds a student's file only when `racelab exercise \
              check` or `racelab exercise grade` builds it\");\n    \
              std::process::ExitCode::from(2)\n}\n"
            .to_string(),
    };
    std::fs::write(out.join("student.rs"), code).expect("OUT_DIR is writable");
}

/// A module per submission in the manifest, and a `main` that serves the one named.
fn class(out: &Path, manifest: &Path, lab_crate: &str) -> String {
    println!("cargo:rerun-if-changed={}", manifest.display());
    let listed = std::fs::read_to_string(manifest).expect("the class manifest is readable");
    let dir = out.join("class");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    let mut modules = String::new();
    let mut table = String::new();
    for (module, file) in listed.lines().filter_map(|line| line.split_once('\t')) {
        println!("cargo:rerun-if-changed={file}");
        let wrapper = dir.join(format!("{module}.rs"));
        let serve = format!(
            "//! Submission {module}, served.\n\n\
             #[path = {file:?}]\nmod student;\n\n\
             pub fn serve() -> std::process::ExitCode {{\n    \
             racelab_labs::worker::serve_exercise({lab_crate}::student_lab!(student))\n}}\n"
        );
        std::fs::write(&wrapper, serve).expect("OUT_DIR is writable");
        let _ = writeln!(
            modules,
            "#[path = {:?}]\nmod {module};",
            wrapper.display().to_string()
        );
        let _ = writeln!(table, "        ({module:?}, {module}::serve as fn() -> _),");
    }
    format!(
        "{modules}\nfn main() -> std::process::ExitCode {{\n    \
         racelab_labs::worker::serve_class(&[\n{table}    ])\n}}\n"
    )
}
