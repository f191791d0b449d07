//! racelab-bench: measures what BENCHMARKS.md reports, side by side in one run, and writes it.
//!
//! `make bench` runs it. The machine is shared and noisy, so every comparison alternates its
//! contenders repetition by repetition and quotes medians and ratios, never one timing.

mod bare;
mod beyond;
mod cost;
mod exposure;
mod first;
mod kitchen;
mod markdown;
mod orbits;
mod ordering;
mod overhead;
mod proofs;
mod real;
mod sc;
mod scale;
mod stats;

use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;

/// Options: `--racelab PATH` (the release binary, for real-thread runs), `--out PATH`, and
/// `--only SECTION` (one of [`SECTIONS`]) to measure one section.
struct Options {
    racelab: PathBuf,
    out: PathBuf,
    only: Option<String>,
}

const SECTIONS: [&str; 11] = [
    "exposure", "ordering", "kitchen", "overhead", "first", "proofs", "sc", "scale", "beyond",
    "orbits", "cost",
];

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        racelab: PathBuf::from("target/release/racelab"),
        out: PathBuf::from("BENCHMARKS.md"),
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--racelab" => options.racelab = value.into(),
            "--out" => options.out = value.into(),
            "--only" if SECTIONS.contains(&value.as_str()) => options.only = Some(value),
            "--only" => anyhow::bail!("--only {value}: the sections are {}", SECTIONS.join(", ")),
            other => anyhow::bail!(
                "unknown option {other}: use --racelab PATH, --out PATH, --only SECTION"
            ),
        }
    }
    anyhow::ensure!(
        options.racelab.exists(),
        "{} does not exist: build it first (`cargo build --release -p racelab`), or pass --racelab",
        options.racelab.display()
    );
    Ok(options)
}

/// The report of an exploration, or none when the lab refuses that size (a lab with a fixed
/// number of threads); any other error stops the bench.
fn sized(
    result: Result<racelab_core::Report, racelab_core::Error>,
) -> anyhow::Result<Option<racelab_core::Report>> {
    match result {
        Err(racelab_core::Error::BadInput(_)) => Ok(None),
        other => Ok(Some(other?)),
    }
}

fn main() -> anyhow::Result<()> {
    let options = options()?;
    let started = Instant::now();
    let wanted = |name: &str| options.only.as_deref().is_none_or(|only| only == name);
    let mut sections = Vec::new();
    if wanted("exposure") {
        sections.push(exposure::run(&options.racelab)?);
    }
    if wanted("ordering") {
        sections.push(ordering::run(&options.racelab)?);
    }
    if wanted("kitchen") {
        sections.push(kitchen::run(&options.racelab)?);
    }
    if wanted("overhead") {
        sections.push(overhead::run()?);
    }
    if wanted("first") {
        sections.push(first::run()?);
    }
    if wanted("proofs") {
        sections.push(proofs::run()?);
    }
    if wanted("sc") {
        sections.push(sc::run_section()?);
    }
    if wanted("scale") {
        sections.push(scale::run()?);
    }
    if wanted("beyond") {
        sections.push(beyond::run()?);
    }
    if wanted("orbits") {
        sections.push(orbits::run()?);
    }
    if wanted("cost") {
        sections.push(cost::run()?);
    }
    let document = match &options.only {
        // One section refreshed alone: it replaces its own in the document, if there is one.
        Some(only) => match std::fs::read_to_string(&options.out) {
            Ok(old) => markdown::replace(&old, &sections, only, started.elapsed()),
            Err(_) => markdown::document(&sections, started.elapsed()),
        },
        None => markdown::document(&sections, started.elapsed()),
    };
    std::fs::write(&options.out, document)
        .with_context(|| format!("cannot write {}", options.out.display()))?;
    eprintln!(
        "wrote {} in {:.0} s",
        options.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
