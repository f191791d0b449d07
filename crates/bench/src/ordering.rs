//! Memory ordering on real hardware: how often each variant of the publish and dekker labs
//! breaks on this machine's threads, on both cores and pinned to one.

use crate::markdown::{table, Section};
use std::path::Path;

/// Runs of each variant (each `racelab run` at its default trials).
const REPEATS: usize = 3;

/// (trials that broke the invariant, trials) of one `racelab run`.
fn run_once(racelab: &Path, lab: &str, variant: &str, pinned: bool) -> anyhow::Result<(u64, u64)> {
    let report = crate::real::run(racelab, &[lab, "--variant", variant], pinned)?;
    Ok((
        report["violations"].as_u64().unwrap_or(0),
        report["executions"].as_u64().unwrap_or(0),
    ))
}

/// Measures every variant of publish and dekker.
pub fn run(racelab: &Path) -> anyhow::Result<Section> {
    let pinning = crate::real::taskset_works();
    let mut rows = Vec::new();
    for (lab, variants) in [
        ("publish", &["relaxed", "release-acquire", "seqcst"][..]),
        (
            "dekker",
            &["relaxed", "release-acquire", "seqcst", "seqcst-fence"][..],
        ),
    ] {
        for variant in variants {
            for pinned in [false, true] {
                if pinned && !pinning {
                    continue;
                }
                eprintln!("ordering: {lab} {variant} pinned={pinned}");
                let runs = (0..REPEATS)
                    .map(|_| run_once(racelab, lab, variant, pinned))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                let (broke, trials) = runs
                    .iter()
                    .fold((0, 0), |(b, t), (rb, rt)| (b + rb, t + rt));
                let each: Vec<String> = runs.iter().map(|(b, _)| b.to_string()).collect();
                let share = 100.0 * broke as f64 / trials.max(1) as f64;
                let command = format!("racelab run {lab} --variant {variant}");
                rows.push(vec![
                    format!("{lab} {variant}"),
                    if pinned { "1 (pinned)" } else { "2" }.into(),
                    format!("{broke} / {trials}"),
                    format!("{share:.2}%"),
                    format!("{} of {} each", each.join(", "), runs[0].1),
                    if pinned {
                        format!("`taskset -c 0 {command}`")
                    } else {
                        format!("`{command}`")
                    },
                ]);
            }
        }
    }
    let mut body = format!(
        "Each variant run {REPEATS} times at its defaults on real threads (`--window none`: \
         nothing widens the race; the two threads start together). This machine is {}. x86 \
         keeps stores in order (TSO), so message passing (`publish relaxed`) is not expected to \
         break here, while its store buffer lets a load pass an earlier store, which breaks \
         `dekker` with Relaxed and with Release/Acquire. On one core the two threads never run \
         at once, and a context switch drains the store buffer.\n\n",
        std::env::consts::ARCH
    );
    body.push_str(&table(
        &[
            "variant",
            "cores",
            "trials broken",
            "share",
            "per run",
            "command",
        ],
        &rows,
    ));
    Ok(Section {
        title: "Memory ordering on real hardware".into(),
        body,
    })
}
