//! Scale-out: random schedules on `--jobs 1` and `--jobs 2`, alternating; the speedup, and a
//! check that both give the same result.

use crate::markdown::{table, Section};
use crate::stats::{median, show, timed};
use counter_race::CounterLab;
use racelab_core::explore::{explore, Budget, ExploreRequest};
use racelab_core::{Checker, Declared, Params, Report};
use std::time::Duration;

const SCHEDULES: u64 = 20_000;
const REPS: usize = 3;

fn random(jobs: usize) -> anyhow::Result<Report> {
    let params = Params::sized(CounterLab.info(), 2, 2);
    let mut request = ExploreRequest::new("mutex", params, Checker::Random);
    request.jobs = Some(jobs);
    request.budget = Budget {
        max_executions: Some(SCHEDULES),
        ..Budget::default()
    };
    Ok(explore(&CounterLab, &request)?)
}

/// Measures the speedup of two jobs over one.
pub fn run() -> anyhow::Result<Section> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (mut one, mut two) = (Vec::new(), Vec::new());
    let mut same = true;
    for _ in 0..REPS {
        eprintln!("scale: {SCHEDULES} random schedules on 1 and 2 jobs");
        let (a, took) = timed(|| random(1));
        one.push(took);
        let (b, took) = timed(|| random(2));
        two.push(took);
        let (a, b) = (a?, b?);
        same &= a.outcomes == b.outcomes && a.executions == b.executions;
    }
    let (one, two): (Duration, Duration) = (median(&one), median(&two));
    let speedup = one.as_secs_f64() / two.as_secs_f64().max(1e-9);
    let rows = vec![
        vec!["1".into(), show(one), "1.00x".into(), format!("`racelab explore counter --variant mutex --checker random --max-executions {SCHEDULES} --jobs 1`")],
        vec!["2".into(), show(two), format!("**{speedup:.2}x**"), format!("`racelab explore counter --variant mutex --checker random --max-executions {SCHEDULES} --jobs 2`")],
    ];
    let mut body = format!(
        "{SCHEDULES} random schedules of the mutex counter (2 x 2), median of {REPS} runs each, \
         alternating, on this {cores}-core machine. Random and PCT schedules come in units of 250, \
         each with its own seed derived from `--seed`; `--jobs N` runs units on N threads and \
         merges them in unit order, and `--shard I/N` runs every N-th unit, so N machines \
         together run exactly the schedules of one.\n\n"
    );
    body.push_str(&table(&["jobs", "time", "speedup", "command"], &rows));
    body.push_str(if same {
        "\nBoth give the same outcome table and execution count, as they must.\n"
    } else {
        "\nThe two results DIFFER: that is a bug.\n"
    });
    Ok(Section {
        title: "Scale-out: --jobs and --shard".into(),
        body,
    })
}
