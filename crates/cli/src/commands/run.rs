//! `racelab run`: the lab on real threads, with a progress bar on long runs.

use crate::args::RunArgs;
use indicatif::{ProgressBar, ProgressStyle};
use racelab_core::runner::RunRequest;
use racelab_labs as labs;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Work (threads x iterations x trials) above which a terminal gets a progress bar.
const LONG_RUN: u64 = 5_000_000;

/// Runs the trials and prints the report.
pub fn run(args: &RunArgs, given: &BTreeMap<String, i64>) -> anyhow::Result<ExitCode> {
    let lab = labs::find(&args.lab.lab)?;
    let info = lab.info();
    let params = super::params(&args.lab, info.real_sizes, info, given)?;
    let trials = args.trials.unwrap_or(info.real_trials);
    let request = RunRequest {
        variant: args.lab.variant_or_first(info),
        params,
        trials,
        window: args.window.map_or(info.real_window, Into::into),
    };
    let work = (request.params.total_iters().max(0) as u64).saturating_mul(trials);
    let bar = (!args.lab.json && work >= LONG_RUN && std::io::stderr().is_terminal())
        .then(|| progress_bar(trials));
    let report = lab.run(&request, &mut |done| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    super::finish(&report, args.lab.json)
}

fn progress_bar(trials: u64) -> ProgressBar {
    let bar = ProgressBar::new(trials);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} trials {elapsed}") {
        bar.set_style(style);
    }
    bar
}
