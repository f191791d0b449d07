//! Proof cost: executions and time of an exhaustive exploration of every fix under racelab's SC
//! checker, loom and DFS, at the model size and one thread more.

use crate::markdown::{table, Section};
use crate::stats::{ms, show};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{AnyLab, Caveat, Checker, Params, VariantKind};
use std::time::Duration;

/// Each exploration may take this long.
const LIMIT: Duration = Duration::from_secs(30);

fn rows_for(
    lab: &dyn AnyLab,
    rows: &mut Vec<Vec<String>>,
    slow: &mut Vec<String>,
) -> anyhow::Result<()> {
    let info = lab.info();
    let (threads, iters) = (info.model_sizes.threads, info.model_sizes.iters);
    for variant in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
        for (t, i) in [(threads, iters), (threads + 1, iters)] {
            for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
                eprintln!(
                    "proof: {} {} {t} x {i} {}",
                    info.id,
                    variant.name,
                    checker.name()
                );
                let mut request =
                    ExploreRequest::new(variant.name, Params::sized(info, t, i), checker);
                request.budget = Budget {
                    time_limit: Some(LIMIT),
                    ..Budget::default()
                };
                let Some(report) = crate::sized(lab.explore(&request))? else {
                    continue; // a lab with a fixed size refuses the other one
                };
                let false_alarm = report.caveat == Some(Caveat::FalseAlarm);
                anyhow::ensure!(
                    report.violations == 0 || false_alarm,
                    "{} {} broke at {t} x {i}",
                    info.id,
                    variant.name
                );
                let proof = if false_alarm {
                    "loom false alarm (SeqCst forbids it, loom#180)".to_string()
                } else if let Some(Caveat::CannotSee { .. }) = report.caveat {
                    "no violation, but it cannot see weak memory".to_string()
                } else if report.exhaustive && checker == Checker::Dpor {
                    "proven".to_string()
                } else if report.exhaustive {
                    "no violation (exhaustive)".to_string()
                } else {
                    slow.push(format!(
                        "{} {} at {t} x {i} under {}",
                        info.id,
                        variant.name,
                        checker.name()
                    ));
                    format!("not finished in {} s", LIMIT.as_secs())
                };
                rows.push(vec![
                    format!("{} {}", info.id, variant.name),
                    format!("{t} x {i}"),
                    checker.name().into(),
                    report.executions.to_string(),
                    show(ms(report.elapsed_ms)),
                    proof,
                    format!(
                        "`racelab explore {} --variant {} --checker {} --threads {t} --iters {i}`",
                        info.id,
                        variant.name,
                        checker.name()
                    ),
                ]);
            }
        }
    }
    Ok(())
}

/// Measures every fix of every lab.
pub fn run() -> anyhow::Result<Section> {
    let (mut rows, mut slow) = (Vec::new(), Vec::new());
    for lab in racelab_labs::all().filter(|lab| lab.info().model_checked) {
        rows_for(lab, &mut rows, &mut slow)?;
    }
    let mut body = format!(
        "Executions and time of an exhaustive exploration of every fix, at the lab's model size \
         (what `explain` proves) and with one thread more; each stops after {} s.\n\n",
        LIMIT.as_secs()
    );
    body.push_str(&table(
        &[
            "fix",
            "size",
            "checker",
            "executions",
            "time",
            "result",
            "command",
        ],
        &rows,
    ));
    if !slow.is_empty() {
        body.push_str(&format!(
            "\nNot finished within {} s: {}. shuttle's DFS has no partial-order reduction, so it \
             enumerates every lock handoff: its cost grows with the number of interleavings of all \
             steps. The bound racelab applies by default: `explore` stops after 60 s and, having \
             found nothing, exits 2 and says nothing was proven (suggesting fewer threads or \
             iterations, or a bounded DFS); `explain` explores at the model sizes above, where \
             every proof finishes in well under a second.\n",
            LIMIT.as_secs(),
            slow.join("; ")
        ));
    }
    Ok(Section {
        title: "Proof cost".into(),
        body,
    })
}
