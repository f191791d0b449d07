//! One module per subcommand: parse what it needs, call core through the lab registry, print.

pub mod exercise;
pub mod explain;
pub mod explore;
pub mod kitchen;
pub mod list;
pub mod merge;
pub mod new;
pub mod play;
pub mod replay;
pub mod run;

use racelab_core::{Error, Report};
use std::process::ExitCode;

/// Prints a report as JSON or text and turns its verdict into the exit code.
pub fn finish(report: &Report, json: bool) -> anyhow::Result<ExitCode> {
    if json {
        outln!("{}", serde_json::to_string_pretty(report)?)?;
    } else {
        let info = racelab_labs::find(&report.lab)?.info();
        out!("{}", crate::render::report(report, info))?;
    }
    Ok(exit_code(report))
}

/// Writes the report's counterexample as an SVG timeline to `path`, when both are there; it is
/// written before anything is printed, so that a bad path fails the command at once.
pub fn write_svg(report: &Report, path: Option<&std::path::Path>) -> Result<(), Error> {
    let Some(path) = path else {
        return Ok(());
    };
    let info = racelab_labs::find(&report.lab)?.info();
    match &report.counterexample {
        Some(cx) => {
            let svg = crate::picture::timeline_svg(cx, info, &report.variant);
            crate::picture::write_whole(path, &svg)
        }
        None => {
            eprintln!(
                "racelab: no counterexample, so no picture: {} was not written",
                path.display()
            );
            Ok(())
        }
    }
}

/// 2 when the report is no verdict (a checker that cannot see the variant's orderings, a loom
/// false alarm), else 1 when a violation was found, 0 otherwise.
pub fn exit_code(report: &Report) -> ExitCode {
    if report.caveat.is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::from(u8::from(report.failed()))
    }
}

/// Resolves the common lab options against the lab's defaults.
pub fn params(
    lab: &crate::args::LabArgs,
    sizes: racelab_core::Sizes,
    info: &racelab_core::LabInfo,
    given: &std::collections::BTreeMap<String, i64>,
) -> Result<racelab_core::Params, Error> {
    racelab_core::Params::resolve(
        info,
        lab.threads.unwrap_or(sizes.threads),
        lab.iters.unwrap_or(sizes.iters),
        given,
    )
}
