//! racelab's command line as a library: the `racelab` binary is one call to [`main`].
//!
//! The binary is glue: parse (clap), call the labs through racelab-core, print. Everything that
//! decides lives in racelab-core and the labs. It is a library so that the end-to-end tests can
//! build the very same entry point into a binary of their own and always test a fresh build.
#![deny(missing_docs)]

#[macro_use]
mod output;
mod args;
mod checkout;
pub mod class;
mod commands;
pub mod exercise;
mod lesson;
mod picture;
pub mod play;
mod render;
mod scaffold;
mod style;
mod words;

use args::Command;
use racelab_core::Error;
use racelab_labs::worker;
use std::process::ExitCode;

/// Runs racelab with the process's arguments; errors are printed here, once, with exit code 2.
pub fn main() -> ExitCode {
    let (cli, lab_params) = args::parse();
    style::setup(cli.color);
    let result = match &cli.command {
        Command::List => commands::list::run(),
        Command::Run(args) => commands::run::run(args, &lab_params),
        Command::Explore(args) => commands::explore::run(args, &lab_params),
        Command::Merge(args) => commands::merge::run(args),
        Command::Replay(args) => commands::replay::run(args),
        Command::Play(args) => commands::play::run(args, &lab_params),
        Command::Explain(args) => commands::explain::run(args),
        Command::Exercise(command) => commands::exercise::run(command),
        Command::New(args) => commands::new::run(args),
        Command::Kitchen(args) => commands::kitchen::run(args),
        Command::KitchenTask { args } => racelab_kitchen::child::child(args)
            .map_err(|e| Error::Failed(e).into())
            .and_then(|line| Ok(outln!("{line}").map(|()| ExitCode::SUCCESS)?)),
        Command::Worker => Ok(worker::serve()),
        Command::Process { args } => processes_race::ChildArgs::parse(args)
            .and_then(|args| processes_race::child(&args))
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| Error::Failed(e).into()),
    };
    result.unwrap_or_else(|error| {
        if output::closed_pipe(&error) {
            return ExitCode::SUCCESS;
        }
        let error = match error.downcast::<Error>() {
            Ok(error) => error.to_string(),
            Err(other) => format!("{other:#}"),
        };
        eprintln!("racelab: {error}");
        ExitCode::from(2)
    })
}
