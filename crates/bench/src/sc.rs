//! racelab's SC checker: executions against the number of classes, loom and DFS, at the model
//! size, at 3 x 2 and at the largest size that finishes in 10 s; its cost per execution against
//! DFS's; and the differential test against the brute-force oracle on 1,000 generated programs.

use crate::markdown::{table, Section};
use crate::stats::{ms, show};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{AnyLab, Checker, Params, Report, VariantKind};
use std::process::Command;
use std::time::{Duration, Instant};

/// What each exploration may take; the largest size is the last that finished within it.
const LIMIT: Duration = Duration::from_secs(10);

/// How many generated programs the differential run checks.
const PROGRAMS: u32 = 1_000;

fn run(
    lab: &dyn AnyLab,
    variant: &str,
    threads: usize,
    iters: u64,
    checker: Checker,
) -> anyhow::Result<Report> {
    let mut request =
        ExploreRequest::new(variant, Params::sized(lab.info(), threads, iters), checker);
    request.budget = Budget {
        time_limit: Some(LIMIT),
        ..Budget::default()
    };
    Ok(lab.explore(&request)?)
}

/// [`run`], or none when the lab refuses the size (a lab with a fixed number of threads).
fn run_sized(
    lab: &dyn AnyLab,
    variant: &str,
    threads: usize,
    iters: u64,
) -> anyhow::Result<Option<Report>> {
    match run(lab, variant, threads, iters, Checker::Dpor) {
        Err(e) if matches!(e.downcast_ref(), Some(racelab_core::Error::BadInput(_))) => Ok(None),
        other => other.map(Some),
    }
}

/// Orders of `threads` x `iters` critical sections (or single writes to one cell) that no other
/// step conflicts with: (NK)! / (K!)^N, the classes of the fixes built that way.
fn orders(threads: usize, iters: u64) -> u128 {
    let fact = |n: u128| (1..=n).product::<u128>();
    fact(threads as u128 * iters as u128) / fact(iters as u128).pow(threads as u32)
}

/// The number of classes where theory gives it. (Not for the pool: its workers take tasks from
/// a queue, and which worker runs which task is part of the class.)
fn classes(lab: &str, variant: &str, threads: usize, iters: u64) -> Option<u128> {
    match (lab, variant) {
        ("counter", "atomic" | "mutex")
        | ("bank", "mutex")
        | ("transfer", "ordered" | "global-lock") => Some(orders(threads, iters)),
        // Nothing shared, or increments that all commute: one class.
        ("counter", "local" | "add") => Some(1),
        _ => None,
    }
}

fn count(report: &Report) -> String {
    if report.exhaustive {
        report.executions.to_string()
    } else {
        format!("> {} (unfinished)", report.executions)
    }
}

fn per_execution(report: &Report) -> f64 {
    report.elapsed_ms / report.executions.max(1) as f64
}

struct Tally {
    rows: Vec<Vec<String>>,
    off_floor: Vec<String>,
    slow_at_3x2: Vec<String>,
    ratios: Vec<f64>,
}

fn rows_for(lab: &dyn AnyLab, tally: &mut Tally) -> anyhow::Result<()> {
    let info = lab.info();
    for variant in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
        let model = (info.model_sizes.threads, info.model_sizes.iters);
        // Grow one dimension at a time until a size does not finish within the limit.
        let mut largest = None;
        let mut size = (3, 2);
        loop {
            eprintln!("sc: {} {} {} x {}", info.id, variant.name, size.0, size.1);
            let Some(report) = run_sized(lab, variant.name, size.0, size.1)? else {
                break; // a lab with a fixed size refuses the other ones
            };
            if !report.exhaustive || size.0 >= racelab_core::MAX_SHUTTLE_THREADS {
                break;
            }
            largest = Some(size);
            size = if size.0 <= size.1 as usize {
                (size.0 + 1, size.1)
            } else {
                (size.0, size.1 + 1)
            };
        }
        let mut sizes = vec![model, (3, 2)];
        sizes.extend(largest.filter(|l| !sizes.contains(l)));
        for (threads, iters) in sizes {
            let what = format!("{} {}", info.id, variant.name);
            eprintln!("sc: {what} {threads} x {iters}, all checkers");
            let Some(sc) = run_sized(lab, variant.name, threads, iters)? else {
                continue;
            };
            if !sc.weak_orderings.is_empty() {
                break; // weak memory is loom's to judge, not the SC checker's
            }
            anyhow::ensure!(sc.violations == 0, "{what} broke at {threads} x {iters}");
            let loom = (threads <= racelab_core::MAX_LOOM_THREADS)
                .then(|| run(lab, variant.name, threads, iters, Checker::Loom))
                .transpose()?;
            let dfs = run(lab, variant.name, threads, iters, Checker::Dfs)?;
            let theory = classes(info.id, variant.name, threads, iters);
            // An unfinished row claims nothing: only finished ones must sit on the floor.
            let off =
                theory.is_some_and(|c| c != u128::from(sc.executions)) || sc.redundant != Some(0);
            if sc.exhaustive && off {
                tally
                    .off_floor
                    .push(format!("{what} at {threads} x {iters}"));
            }
            if (threads, iters) == (3, 2) && (!sc.exhaustive || sc.elapsed_ms >= 1000.0) {
                tally.slow_at_3x2.push(what.clone());
            }
            // Same lab and size, so executions of the same length: compare their cost where
            // the SC checker ran long enough to time (DFS's from its run, finished or not).
            if sc.executions >= 1_000 {
                tally.ratios.push(per_execution(&sc) / per_execution(&dfs));
            }
            tally.rows.push(vec![
                what,
                format!("{threads} x {iters}"),
                count(&sc),
                sc.redundant.unwrap_or(0).to_string(),
                theory.map_or("—".into(), |c| c.to_string()),
                loom.as_ref().map_or("— (at most 4 threads)".into(), count),
                count(&dfs),
                show(ms(sc.elapsed_ms)),
                show(ms(dfs.elapsed_ms)),
            ]);
        }
    }
    Ok(())
}

/// Runs the differential test of racelab-core against its brute-force oracle and shuttle DFS
/// on `PROGRAMS` generated programs each; says whether it passed and how long it took.
fn differential() -> String {
    eprintln!("sc: differential test on {PROGRAMS} programs");
    let started = Instant::now();
    let status = Command::new("cargo")
        .args([
            "test",
            "--release",
            "-q",
            "-p",
            "racelab-core",
            "--test",
            "dpor",
        ])
        .env("PROPTEST_CASES", PROGRAMS.to_string())
        .status();
    let took = show(started.elapsed());
    match status {
        Ok(s) if s.success() => format!("passed ({took}, including the build)"),
        Ok(s) => format!("FAILED ({s})"),
        Err(e) => format!("could not run cargo: {e}"),
    }
}

/// Measures the SC checker on every fix of every lab.
pub fn run_section() -> anyhow::Result<Section> {
    let mut tally = Tally {
        rows: Vec::new(),
        off_floor: Vec::new(),
        slow_at_3x2: Vec::new(),
        ratios: Vec::new(),
    };
    for lab in racelab_labs::all().filter(|lab| lab.info().model_checked) {
        rows_for(lab, &mut tally)?;
    }
    let mut body = format!(
        "Every fix of every lab under racelab's SC checker (`--checker dpor`), beside loom and \
         shuttle's DFS: at the model size, at 3 x 2, and at the largest size (growing threads \
         and iterations in turn) that the SC checker finishes within {} s; every exploration \
         stops after {} s. *classes* is the number of Mazurkiewicz classes where theory gives it \
         ((NK)! / (K!)^N orders of N x K critical sections; one for the counter's `local`, which \
         shares nothing, and `add`, whose increments commute); *redundant* counts executions cut \
         short by sleep sets, 0 when the reduction is optimal. Command: `racelab explore <lab> \
         --variant <fix> --checker dpor|loom|dfs --threads N --iters K`.\n\n",
        LIMIT.as_secs(),
        LIMIT.as_secs()
    );
    body.push_str(&table(
        &[
            "fix",
            "size",
            "SC checker",
            "redundant",
            "classes",
            "loom",
            "DFS",
            "SC time",
            "DFS time",
        ],
        &tally.rows,
    ));
    let mut ratios = tally.ratios.clone();
    ratios.sort_by(f64::total_cmp);
    body.push_str(&format!(
        "\n- Executions equal to the class count, none redundant: {}.\n",
        if tally.off_floor.is_empty() {
            "every row that finished".to_string()
        } else {
            format!("not for {}", tally.off_floor.join("; "))
        }
    ));
    body.push_str(&format!(
        "- Every fix proven at 3 x 2 in under 1 s: {}.\n",
        if tally.slow_at_3x2.is_empty() {
            "yes".to_string()
        } else {
            format!("no, not {}", tally.slow_at_3x2.join("; "))
        }
    ));
    if let (Some(lo), Some(hi)) = (ratios.first(), ratios.last()) {
        body.push_str(&format!(
            "- Cost per execution against DFS's on the same lab and size, in the {} rows where \
             the SC checker ran at least 1,000 executions (DFS's cost from its own run, \
             finished or not; one run each): {lo:.2}x to {hi:.2}x, median {:.2}x. The goal \
             was within 1.5x.\n",
            ratios.len(),
            ratios[ratios.len() / 2]
        ));
    }
    body.push_str(&format!(
        "- Differential test (`PROPTEST_CASES={PROGRAMS} cargo test --release -p racelab-core \
         --test dpor`): {PROGRAMS} generated programs against a brute-force enumerator of \
         interleavings (same final states, executions = classes) and {PROGRAMS} smaller ones \
         against shuttle DFS: {}.\n",
        differential()
    ));
    Ok(Section {
        title: "racelab's SC checker".into(),
        body,
    })
}
