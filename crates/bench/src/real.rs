//! One `racelab run ... --json` of the release binary, on both cores or pinned to one.

use anyhow::Context;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Whether `taskset` can pin a process to one core here.
pub fn taskset_works() -> bool {
    Command::new("taskset")
        .args(["-c", "0", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// The report of `racelab run <args> --json`, pinned to core 0 when `pinned`.
pub fn run(racelab: &Path, args: &[&str], pinned: bool) -> anyhow::Result<Value> {
    let mut command = if pinned {
        let mut c = Command::new("taskset");
        c.args(["-c", "0"]).arg(racelab);
        c
    } else {
        Command::new(racelab)
    };
    command.arg("run").args(args).arg("--json");
    let output = command
        .output()
        .with_context(|| format!("cannot run {}", racelab.display()))?;
    anyhow::ensure!(
        matches!(output.status.code(), Some(0 | 1)),
        "racelab run {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(serde_json::from_slice(&output.stdout)?)
}
