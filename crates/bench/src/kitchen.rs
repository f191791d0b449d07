//! The kitchen: every execution model's speedup over one chef, on CPU-bound and I/O-bound work,
//! the median of a few runs of `racelab kitchen`, against what the issue expects on 2 cores.

use crate::markdown::{table, Section};
use crate::stats::median;
use anyhow::Context;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Runs of `racelab kitchen` at its defaults.
const REPEATS: usize = 5;

/// (work, model, the least speedup expected, the most) on this 2-core machine.
const EXPECTED: [(&str, &str, f64, f64); 10] = [
    ("cpu", "threads", 1.7, f64::MAX),
    ("cpu", "thread-pool", 1.7, f64::MAX),
    ("cpu", "processes", 1.7, f64::MAX),
    ("cpu", "process-pool", 1.7, f64::MAX),
    ("cpu", "async", 0.0, 1.3),
    ("cpu", "gil-threads", 0.0, 1.3),
    ("io", "threads", 6.0, f64::MAX),
    ("io", "async", 6.0, f64::MAX),
    ("io", "gil-threads", 6.0, f64::MAX),
    ("io", "thread-pool", 0.0, f64::MAX),
];

fn kitchen(racelab: &Path) -> anyhow::Result<Value> {
    let output = Command::new(racelab)
        .args(["kitchen", "--json"])
        .output()
        .with_context(|| format!("cannot run {}", racelab.display()))?;
    anyhow::ensure!(
        output.status.success(),
        "racelab kitchen failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// Measures the kitchen `REPEATS` times and tabulates the medians.
pub fn run(racelab: &Path) -> anyhow::Result<Section> {
    let mut docs = Vec::new();
    for i in 0..REPEATS {
        eprintln!("kitchen: run {} of {REPEATS}", i + 1);
        docs.push(kitchen(racelab)?);
    }
    let first = &docs[0];
    let mut rows = Vec::new();
    let mut missed = Vec::new();
    for (w, workload) in first["workloads"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let work = workload["work"].as_str().unwrap_or("?");
        for (r, run) in workload["runs"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let model = run["model"].as_str().unwrap_or("?");
            let figure = |key: &str| -> Vec<f64> {
                docs.iter()
                    .filter_map(|d| d["workloads"][w]["runs"][r][key].as_f64())
                    .collect()
            };
            let speedups = figure("speedup");
            let speedup = median(&speedups);
            let ok = docs
                .iter()
                .all(|d| d["workloads"][w]["runs"][r]["checksum_ok"] == true);
            if let Some(&(_, _, low, high)) = EXPECTED.iter().find(|e| e.0 == work && e.1 == model)
            {
                if speedup < low || speedup > high {
                    missed.push(format!("{work} {model}: {speedup:.2}x"));
                }
            }
            let (lo, hi) = speedups
                .iter()
                .fold((f64::MAX, 0.0f64), |(a, b), &s| (a.min(s), b.max(s)));
            rows.push(vec![
                work.to_string(),
                model.to_string(),
                format!("{:.0} ms", median(&figure("wall_ms"))),
                format!("{:.0} ms", median(&figure("cpu_ms"))),
                format!("{:.2}", median(&figure("cores_busy"))),
                format!("**{speedup:.2}x**"),
                format!("{lo:.2}x to {hi:.2}x"),
                if ok { "ok" } else { "WRONG" }.into(),
            ]);
        }
    }
    let mut body = format!(
        "`racelab kitchen --json` at its defaults ({} tasks of 50 ms, both workloads), run \
         {REPEATS} times; medians, and the range of the speedup over the runs. The speedup is \
         one-chef's wall time over the model's, in the same run. Expected on 2 cores: cpu, the \
         parallel models (threads, thread-pool, processes, process-pool) at least 1.7x while \
         async and gil-threads stay near 1.0x; io, threads, async and gil-threads at least 6x, \
         thread-pool bounded by its size (min(32, cores + 4) = {} threads for {} tasks), and \
         processes paying their start-up.\n\n",
        first["tasks"],
        first["cores"].as_u64().map_or(0, |c| (c + 4).min(32)),
        first["tasks"],
    );
    body.push_str(&table(
        &[
            "work",
            "model",
            "wall",
            "CPU",
            "cores busy",
            "speedup",
            "over the runs",
            "checksum",
        ],
        &rows,
    ));
    if missed.is_empty() {
        body.push_str("\nEvery expected figure holds.\n");
    } else {
        body.push_str(&format!("\nNot as expected: {}.\n", missed.join("; ")));
    }
    Ok(Section {
        title: "The kitchen: concurrency against parallelism".into(),
        body,
    })
}
