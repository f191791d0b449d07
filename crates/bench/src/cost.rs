//! The cost of one SC-checker execution against one of shuttle's DFS, on every fix: DFS run for
//! as many executions as the SC checker ran (both pay the same start-up once), and for 5 s (its
//! start-up spread over a hundred times more executions).

use crate::markdown::{table, thousands, Section};
use crate::stats::median;
use racelab_core::explore::ExploreRequest;
use racelab_core::{Checker, Params, Report, VariantKind};
use std::time::Duration;

/// Repetitions of each measure (medians, the checkers alternating).
const REPS: usize = 3;
/// What one exploration may take.
const LIMIT: Duration = Duration::from_secs(5);
/// The fewest executions the SC checker must run for its cost per execution to be quoted.
const FEWEST: u64 = 500;

/// Milliseconds per execution.
fn per(report: &Report) -> f64 {
    report.elapsed_ms / report.executions.max(1) as f64
}

/// `12.3 µs`.
fn micros(ms: f64) -> String {
    format!("{:.1} µs", ms * 1000.0)
}

/// One fix's figures: per-execution costs (ms) of the SC checker, of DFS at as many
/// executions, and of DFS over [`LIMIT`].
struct Row {
    name: String,
    size: String,
    executions: u64,
    sc: f64,
    dfs_as_many: f64,
    dfs_long: f64,
}

/// Measures one fix at 3 x 2 (or the lab's own size), if the SC checker runs enough executions
/// there within [`LIMIT`] (to the end or not: the cost of one is what is measured).
fn measure(lab: &dyn racelab_core::AnyLab, variant: &str) -> anyhow::Result<Option<Row>> {
    let info = lab.info();
    let run = |checker: Checker, params: Params, most: Option<u64>| {
        let mut request = ExploreRequest::new(variant, params, checker);
        request.budget.time_limit = Some(LIMIT);
        request.budget.max_executions = most;
        crate::sized(lab.explore(&request))
    };
    let sized = |threads, iters| Params::sized(info, threads, iters);
    let model = sized(info.model_sizes.threads, info.model_sizes.iters);
    let Some(sc) = run(Checker::Dpor, sized(3, 2), None)?.or(run(Checker::Dpor, model, None)?)
    else {
        return Ok(None);
    };
    if sc.executions < FEWEST || !sc.weak_orderings.is_empty() {
        return Ok(None);
    }
    eprintln!("cost: {} {variant}", info.id);
    let (mut sc_costs, mut as_many, mut long) = (vec![per(&sc)], Vec::new(), Vec::new());
    for rep in 0..REPS {
        if rep > 0 {
            sc_costs.extend(
                run(Checker::Dpor, sc.params.clone(), None)?
                    .as_ref()
                    .map(per),
            );
        }
        let dfs = run(Checker::Dfs, sc.params.clone(), Some(sc.executions))?;
        as_many.extend(dfs.as_ref().map(per));
        long.extend(
            run(Checker::Dfs, sc.params.clone(), None)?
                .as_ref()
                .map(per),
        );
    }
    if as_many.is_empty() || long.is_empty() {
        return Ok(None);
    }
    Ok(Some(Row {
        name: format!("{} {variant}", info.id),
        size: format!("{} x {}", sc.params.threads, sc.params.iters),
        executions: sc.executions,
        sc: median(&sc_costs),
        dfs_as_many: median(&as_many),
        dfs_long: median(&long),
    }))
}

/// Measures the section.
pub fn run() -> anyhow::Result<Section> {
    let mut rows = Vec::new();
    for lab in racelab_labs::all().filter(|lab| lab.info().model_checked) {
        let info = lab.info();
        for variant in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
            rows.extend(measure(lab, variant.name)?);
        }
    }
    rows.sort_by(|a, b| (a.sc / a.dfs_as_many).total_cmp(&(b.sc / b.dfs_as_many)));
    let ratio = |sc: f64, dfs: f64| format!("{:.2}x", sc / dfs);
    let cells: Vec<Vec<String>> = (rows.iter())
        .map(|r| {
            vec![
                r.name.clone(),
                r.size.clone(),
                thousands(r.executions),
                micros(r.sc),
                micros(r.dfs_as_many),
                ratio(r.sc, r.dfs_as_many),
                micros(r.dfs_long),
                ratio(r.sc, r.dfs_long),
            ]
        })
        .collect();
    let medians = |dfs: fn(&Row) -> f64| {
        let ratios: Vec<f64> = rows.iter().map(|r| r.sc / dfs(r)).collect();
        median(&ratios)
    };
    let mut body = format!(
        "One execution of racelab's SC checker at the floor (`racelab explore LAB --variant V \
         --no-symmetry`: one execution per Mazurkiewicz class, without the thread symmetry that \
         `explore` uses by default where a lab's threads are alike) against one of shuttle's DFS \
         (`--checker dfs`), on every fix at 3 x 2 (or the lab's own size) where the SC checker \
         runs at least {FEWEST} executions (stopped at {} s, if it does not finish): its time \
         over its executions, each figure the median of {REPS} runs, the checkers alternating. DFS runs twice: for as many \
         executions as the SC checker ran (`--max-executions N`: both pay the start-up of an \
         exploration once over the same number of executions) and for {} s (its start-up spread \
         over a hundred times more executions).\n\n",
        LIMIT.as_secs(),
        LIMIT.as_secs()
    );
    body.push_str(&table(
        &[
            "fix",
            "size",
            "SC executions",
            "SC checker",
            "DFS, as many",
            "ratio",
            "DFS, 5 s",
            "ratio",
        ],
        &cells,
    ));
    body.push_str(&format!(
        "\n- Median over the {} fixes: **{:.2}x** of DFS at as many executions, {:.2}x of DFS's \
         cost over {} s (issue 25's goal: at most 1.0x).\n",
        rows.len(),
        medians(|r| r.dfs_as_many),
        medians(|r| r.dfs_long),
        LIMIT.as_secs()
    ));
    Ok(Section {
        title: "Cost of one execution: the SC checker against DFS".into(),
        body,
    })
}
