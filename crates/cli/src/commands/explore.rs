//! `racelab explore`: one exploration, in a child process, reported with its simplest
//! counterexample.

use crate::args::ExploreArgs;
use racelab_core::explore::{Budget, ExploreRequest, Shard};
use racelab_core::Error;
use racelab_labs as labs;
use racelab_labs::worker::{self, Job};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Duration;

/// The time an exploration may take when no limit is given; hitting it is an error.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Explores and prints the report.
pub fn run(args: &ExploreArgs, given: &BTreeMap<String, i64>) -> anyhow::Result<ExitCode> {
    let lab = labs::find(&args.lab.lab)?;
    let info = lab.info();
    let params = super::params(&args.lab, info.model_sizes, info, given)?;
    let time_limit = match args.time_limit {
        Some(secs) if secs.is_finite() && secs > 0.0 && secs <= 86_400.0 => {
            Some(Duration::from_secs_f64(secs))
        }
        Some(secs) => {
            return Err(Error::BadInput(format!(
                "--time-limit {secs}: give a number of seconds from 0.001 to 86400"
            ))
            .into())
        }
        None => None,
    };
    if args.max_executions == Some(0) {
        return Err(
            Error::BadInput("--max-executions 0: allow at least 1 execution".into()).into(),
        );
    }
    let request = ExploreRequest {
        variant: args.lab.variant_or_first(info),
        params,
        checker: args.checker.map_or(racelab_core::Checker::Dpor, Into::into),
        max_preemptions: args.max_preemptions,
        budget: Budget {
            max_executions: args.max_executions,
            time_limit: Some(time_limit.unwrap_or(DEFAULT_TIME_LIMIT)),
            stop_at_first: args.stop_at_first,
        },
        seed: args.seed,
        jobs: args.jobs,
        shard: args.shard.as_deref().map(Shard::parse).transpose()?,
        by_orderings: args.checker.is_none(),
        spurious_wakeups: (args.spurious_wakeups)
            .unwrap_or(racelab_core::explore::DEFAULT_SPURIOUS_WAKEUPS),
        symmetry: !args.no_symmetry,
        reads_from: args.reads_from,
    };
    if args.spurious_wakeups.is_some() && request.checker != racelab_core::Checker::Dpor {
        return Err(Error::BadInput(
            "--spurious-wakeups: only racelab's SC checker (--checker dpor, the default) \
             explores spurious wakeups; loom and shuttle have none"
                .into(),
        )
        .into());
    }
    if args.reads_from && request.checker != racelab_core::Checker::Dpor {
        return Err(Error::BadInput(
            "--reads-from: only racelab's SC checker (--checker dpor, the default) explores \
             reads-from classes; drop the flag"
                .into(),
        )
        .into());
    }
    if args.no_symmetry && request.checker != racelab_core::Checker::Dpor {
        return Err(Error::BadInput(
            "--no-symmetry: only racelab's SC checker (--checker dpor, the default) reduces \
             symmetric threads; drop the flag"
                .into(),
        )
        .into());
    }
    let wall = request.budget.time_limit.unwrap_or(DEFAULT_TIME_LIMIT);
    let job = Job::Explore {
        lab: info.id.into(),
        request,
    };
    let report = worker::run_isolated(&job, wall)?;
    let chosen_limit = time_limit.is_some() || args.max_executions.is_some();
    let hit_default = !chosen_limit
        && report.violations == 0
        && matches!(report.limit, Some(racelab_core::Limit::Time { .. }));
    super::write_svg(&report, args.svg.as_deref())?;
    let code = super::finish(&report, args.lab.json)?;
    if hit_default {
        // loom and DFS follow every turn of a spin loop; the SC checker waits them out.
        let spins = match report.checker {
            Some(racelab_core::Checker::Dpor) | None => "",
            Some(_) => {
                " (if a thread spins, explore with racelab's SC checker, the default: it \
                        waits spin loops out where loom and DFS follow every turn)"
            }
        };
        return Err(Error::Failed(format!(
            "the exploration did not finish in its default {}s budget, so nothing is proven: lower \
             --iters or --threads, search a bounded part with --checker dfs --max-preemptions P, or \
             accept a partial result with --time-limit or --max-executions{spins}",
            DEFAULT_TIME_LIMIT.as_secs()
        ))
        .into());
    }
    Ok(code)
}
