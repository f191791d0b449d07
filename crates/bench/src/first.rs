//! Time to the first counterexample of every buggy variant: loom and DFS (deterministic, one
//! run each), and random and PCT over many seeds (median and worst).

use crate::markdown::{table, Section};
use crate::stats::{max, median, ms, show};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{AnyLab, Caveat, Checker, Params, VariantKind};

/// Seeds of random and PCT.
const SEEDS: u64 = 100;
/// Schedules each seed may try.
const SCHEDULES: u64 = 10_000;

/// (executions until the first violation, ms) of one stop-at-first exploration.
fn first(
    lab: &dyn AnyLab,
    variant: &str,
    checker: Checker,
    seed: u64,
) -> anyhow::Result<Option<(u64, f64)>> {
    let info = lab.info();
    let params = Params::sized(info, info.model_sizes.threads, info.model_sizes.iters);
    let mut request = ExploreRequest::new(variant, params, checker);
    request.seed = seed;
    // One thread for the sampled schedules; a proof split into units (the SC checker with
    // `--jobs`) has no first violation, its units running in no one order.
    if matches!(checker, Checker::Random | Checker::Pct) {
        request.jobs = Some(1);
    }
    request.budget = Budget {
        max_executions: Some(SCHEDULES),
        stop_at_first: true,
        ..Budget::default()
    };
    let report = lab.explore(&request)?;
    Ok(report.first_violation.map(|f| (f.execution, f.elapsed_ms)))
}

fn rows_for(lab: &dyn AnyLab, rows: &mut Vec<Vec<String>>) -> anyhow::Result<()> {
    let info = lab.info();
    for variant in info.variants.iter().filter(|v| v.kind != VariantKind::Fix) {
        let size = format!("{} x {}", info.model_sizes.threads, info.model_sizes.iters);
        let params = Params::sized(info, info.model_sizes.threads, info.model_sizes.iters);
        let sc = lab.explore(&ExploreRequest::new(variant.name, params, Checker::Dpor))?;
        if let Some(Caveat::CannotSee { .. }) = sc.caveat {
            // Only loom can see a bug of weak memory; the SC checkers would search in vain.
            let found = first(lab, variant.name, Checker::Loom, 0)?;
            let (execs, time) = found.map_or(("none".into(), "-".into()), |(n, t)| {
                (n.to_string(), show(ms(t)))
            });
            rows.push(vec![
                format!("{} {}", info.id, variant.name),
                size.clone(),
                "loom (dpor, dfs, random, pct cannot see it: weak memory)".into(),
                execs,
                "".into(),
                time,
                "".into(),
                format!(
                    "`racelab explore {} --variant {} --checker loom --stop-at-first`",
                    info.id, variant.name
                ),
            ]);
            continue;
        }
        for checker in [Checker::Dpor, Checker::Loom, Checker::Dfs] {
            eprintln!("first: {} {} {}", info.id, variant.name, checker.name());
            let found = first(lab, variant.name, checker, 0)?;
            let (execs, time) = match found {
                Some((n, t)) => (n.to_string(), show(ms(t))),
                None => ("none".into(), "-".into()),
            };
            rows.push(vec![
                format!("{} {}", info.id, variant.name),
                size.clone(),
                checker.name().into(),
                execs,
                "".into(),
                time,
                "".into(),
                format!(
                    "`racelab explore {} --variant {} --checker {} --stop-at-first`",
                    info.id,
                    variant.name,
                    checker.name()
                ),
            ]);
        }
        for checker in [Checker::Random, Checker::Pct] {
            eprintln!(
                "first: {} {} {} x {SEEDS} seeds",
                info.id,
                variant.name,
                checker.name()
            );
            let (mut counts, mut times, mut missed) = (Vec::new(), Vec::new(), 0);
            for seed in 1..=SEEDS {
                match first(lab, variant.name, checker, seed)? {
                    Some((n, t)) => {
                        counts.push(n);
                        times.push(t);
                    }
                    None => missed += 1,
                }
            }
            let worst = if missed > 0 {
                format!("none in {SCHEDULES} ({missed} seeds)")
            } else {
                max(&counts).to_string()
            };
            rows.push(vec![
                format!("{} {}", info.id, variant.name),
                size.clone(),
                format!("{} ({SEEDS} seeds)", checker.name()),
                median(&counts).to_string(),
                worst,
                show(ms(median(&times))),
                show(ms(max(&times))),
                format!(
                    "`racelab explore {} --variant {} --checker {} --stop-at-first --seed S`",
                    info.id,
                    variant.name,
                    checker.name()
                ),
            ]);
        }
    }
    Ok(())
}

/// Measures every racy and wrong-fix variant at its model size.
pub fn run() -> anyhow::Result<Section> {
    let mut rows = Vec::new();
    for lab in racelab_labs::all().filter(|lab| lab.info().model_checked) {
        rows_for(lab, &mut rows)?;
    }
    let mut body = format!(
        "Executions (schedules) and time until the first violation, with `--stop-at-first`, at \
         each lab's model size. loom and DFS are deterministic: one run. random and PCT: seeds 1 to \
         {SEEDS}, one thread each (`--jobs 1`), at most {SCHEDULES} schedules per seed; median and \
         worst over the seeds. Time is from the start of the exploration to the end of the \
         violating execution.\n\n"
    );
    body.push_str(&table(
        &[
            "variant",
            "size",
            "checker",
            "executions (median)",
            "worst",
            "time (median)",
            "time (worst)",
            "command",
        ],
        &rows,
    ));
    body.push_str(
        "\nWhat racelab uses by default follows from these: every checker finds these bugs within a \
         handful of executions, so the choice is about what each can prove. `explain` shows the \
         counts of racelab's SC checker (exhaustive at the model size, one execution per class: \
         the proof for SeqCst code) with loom's beside it (weak memory), and the simplest \
         counterexample, the fewest preemptions of the classes that break. `exercise check` grades \
         with the checker whose model covers the file's orderings: the SC checker where every \
         access is SeqCst, loom where any is weaker; at the exercise's size and then a bigger one.\n",
    );
    Ok(Section {
        title: "Time to the first counterexample".into(),
        body,
    })
}
