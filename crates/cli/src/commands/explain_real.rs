//! The lesson of a lab that only real processes can run: the concept, the code, what a short run
//! of every variant showed, and why each fix holds. No model checker, so no interleaving table.

use super::explain::{intro, real_run, section, why_fixes_hold};
use crate::style;
use racelab_core::AnyLab;
use racelab_core::VariantInfo;
use std::fmt::Write;
use std::process::ExitCode;

/// Prints the lesson of `lab`, showing `variant`'s code.
pub fn run(lab: &dyn AnyLab, variant: &VariantInfo, no_run: bool) -> anyhow::Result<ExitCode> {
    let info = lab.info();
    let mut out = intro(info, variant);
    section(&mut out, "What real processes showed");
    if no_run {
        let _ = writeln!(out, "(skipped: --no-run)");
    } else {
        for v in info.variants {
            let _ = write!(
                out,
                "{}: {}",
                style::heading(v.name),
                real_run(lab, v.name)?.0
            );
        }
    }
    let _ = writeln!(
        out,
        "\nNo model checker here: loom and shuttle model threads inside one process, not processes \
         with memory of their own. What a run shows is what happened, not every interleaving."
    );
    out.push_str(&why_fixes_hold(info, "Why the fix holds", "run"));
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
