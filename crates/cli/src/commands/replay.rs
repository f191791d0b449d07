//! `racelab replay`: one shuttle schedule, exactly as the token recorded it.

use crate::args::ReplayArgs;
use racelab_core::explore::token;
use racelab_core::Error;
use racelab_labs as labs;
use racelab_labs::worker::{self, Job};
use std::process::ExitCode;
use std::time::Duration;

/// Replays the token and prints the trace.
pub fn run(args: &ReplayArgs) -> anyhow::Result<ExitCode> {
    let lab = labs::find(&args.lab)?;
    let decoded = token::decode(&args.schedule)?;
    if let Some(variant) = &args.variant {
        if *variant != decoded.variant {
            return Err(Error::BadInput(format!(
                "this token is for variant '{}', not '{variant}': drop --variant or pass --variant {}",
                decoded.variant, decoded.variant
            ))
            .into());
        }
    }
    let job = Job::Replay {
        lab: lab.info().id.into(),
        token: args.schedule.clone(),
    };
    let report = worker::run_isolated(&job, Duration::from_secs(60))?;
    super::write_svg(&report, args.svg.as_deref())?;
    super::finish(&report, args.json)
}
