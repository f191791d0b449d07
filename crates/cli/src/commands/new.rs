//! `racelab new <name>`: a lab of your own, and what to do next.

use crate::args::NewArgs;
use crate::scaffold::{self, Names};
use std::process::ExitCode;

/// Writes and registers the lab, then says what to run and what to edit.
pub fn run(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let names = Names::of(&args.name)?;
    let root = crate::checkout::root()?;
    let known: Vec<&str> = racelab_labs::all().map(|lab| lab.info().id).collect();
    let written = scaffold::create(&root, &names, &known)?;
    let folder = crate::checkout::shown(&written.folder);
    outln!("wrote {folder}: {}", written.files.join(", "))?;
    outln!(
        "registered it in {} and {} (one line each)",
        written.registered_in[0],
        written.registered_in[1]
    )?;
    outln!("\ntry it (cargo rebuilds racelab with your lab):")?;
    let id = &names.id;
    for (command, what) in [
        (format!("cargo test -p {}", names.krate), "its tests"),
        (
            format!("cargo run -p racelab -- explain {id}"),
            "the lesson",
        ),
        (
            format!("cargo run -p racelab -- explore {id}"),
            "exit 1: the racy variant loses an update",
        ),
        (
            format!("cargo run -p racelab -- explore {id} --variant mutex"),
            "exit 0: proven",
        ),
    ] {
        outln!("  {command:<56} # {what}")?;
    }
    outln!(
        "\nthen make it yours: {folder}/src/variants.rs (the code), src/lib.rs (the declaration: \
         variants, sizes, the invariant), README.md (the story `explain` tells)"
    )?;
    Ok(ExitCode::SUCCESS)
}
