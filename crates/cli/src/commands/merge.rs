//! `racelab merge`: the shards of a split proof, merged into the report of the whole run.

use crate::args::MergeArgs;
use racelab_core::{Error, Report};
use std::process::ExitCode;

/// Reads the shards' reports, merges them and prints the whole run's report.
pub fn run(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let reports = (args.reports.iter())
        .map(|path| {
            let shown = path.display();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::BadInput(format!("merge: cannot read {shown}: {e}")))?;
            serde_json::from_str::<Report>(&text).map_err(|e| {
                Error::BadInput(format!(
                    "merge: {shown} is not a racelab --json report ({e}): give the output of \
                     `racelab explore ... --shard I/N --json`"
                ))
            })
        })
        .collect::<Result<Vec<Report>, Error>>()?;
    let merged = racelab_core::explore::merge(reports)?;
    super::finish(&merged, args.json)
}
