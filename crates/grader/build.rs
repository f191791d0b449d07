//! Writes `student.rs` into OUT_DIR: the student's exercise file as a module, and a `main` that
//! serves explorations of the exercise's lab with that file as its variant. Without the
//! variables (a plain `cargo build --workspace`), no student file is compiled at all, so a
//! student's half-edited file can never break the workspace's own build or tests.

use std::path::PathBuf;

fn main() {
    for var in ["RACELAB_EXERCISE_FILE", "RACELAB_EXERCISE_CRATE"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let file = std::env::var("RACELAB_EXERCISE_FILE").ok();
    let lab_crate = std::env::var("RACELAB_EXERCISE_CRATE").ok();
    let code = match (file, lab_crate) {
        (Some(file), Some(lab_crate)) => format!(
            "#[path = {file:?}]\nmod student;\n\n\
             fn main() -> std::process::ExitCode {{\n    \
             racelab_labs::worker::serve_exercise({lab_crate}::student_lab!(student))\n}}\n"
        ),
        _ => "fn main() -> std::process::ExitCode {\n    \
              eprintln!(\"racelab-grader holds a student's file only when `racelab exercise \
              check` builds it\");\n    std::process::ExitCode::from(2)\n}\n"
            .to_string(),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("student.rs"), code).expect("OUT_DIR is writable");
}
