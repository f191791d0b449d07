//! `racelab explain`: the lesson. Concept, code, the simplest interleaving that breaks it, what
//! real threads showed, every variant's verdict, and why each fix holds.

mod model;
mod parts;
mod real;

use crate::args::ExplainArgs;
use crate::picture;
use racelab_core::Error;
use racelab_labs as labs;
use std::process::ExitCode;

/// What a class is, where a learner reads a count of them: the equivalence is Mazurkiewicz's
/// (`explain` and `play` explore without the reduction by thread symmetry).
pub(crate) const CLASSES: &str =
    "orders that differ only in steps that cannot affect each other are one class";

/// Prints the lesson, or writes it as a page with `--html`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.html {
        picture::check_folder(path)?;
        if args.lab == "kitchen" {
            return Err(Error::BadInput(
                "--html writes the lesson of a lab; the kitchen has no page yet: run `racelab \
                 explain kitchen` for its story as text"
                    .into(),
            )
            .into());
        }
    }
    if args.lab == "kitchen" {
        return super::kitchen::explain(args.no_run);
    }
    let lab = labs::find(&args.lab)?;
    let info = lab.info();
    let variant = match &args.variant {
        Some(name) => &info.variants[info.find_variant(name)?],
        None => &info.variants[0],
    };
    if info.model_checked {
        model::run(lab, variant, args.no_run, args.html.as_deref())
    } else {
        real::run(lab, variant, args.no_run, args.html.as_deref())
    }
}
