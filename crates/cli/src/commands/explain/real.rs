//! The lesson of a lab that only real processes can run: the concept, the code, what a short run
//! of every variant showed, and why each fix holds. No model checker, so no interleaving table.

use super::parts::{intro, real_run, section, why_fixes_hold};
use crate::{picture, style};
use racelab_core::AnyLab;
use racelab_core::{VariantInfo, VariantKind};
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

/// Prints the lesson of `lab`, showing `variant`'s code; or, with `html`, writes it as a page.
pub fn run(
    lab: &dyn AnyLab,
    variant: &VariantInfo,
    no_run: bool,
    html: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let info = lab.info();
    let mut out = intro(info, variant);
    section(&mut out, "What real processes showed");
    let mut runs = Vec::new();
    if no_run {
        let _ = writeln!(out, "(skipped: --no-run)");
    } else {
        for v in info.variants {
            let (words, report) = real_run(lab, v.name, None)?;
            let _ = write!(out, "{}: {words}", style::heading(v.name));
            runs.push((v, words, report));
        }
    }
    let _ = writeln!(out, "\n{NO_CHECKER}");
    if let Some(path) = html {
        let shown = runs.iter().find(|(v, _, _)| v.name == variant.name);
        let rows = (runs.iter())
            .map(|(v, _, report)| {
                let median = report.loss.as_ref().map_or(0, |l| l.median);
                [
                    v.name.to_string(),
                    match v.kind {
                        VariantKind::Racy => "racy",
                        VariantKind::WrongFix => "wrong fix",
                        VariantKind::Fix => "fix",
                    }
                    .to_string(),
                    format!("{} of {}", report.violations, report.executions),
                    format!("{median} lost"),
                ]
            })
            .collect();
        return picture::write_lesson(
            path,
            &picture::Lesson {
                info,
                variant,
                summary: NO_CHECKER.into(),
                counterexample: None,
                real: shown.map(|(_, words, report)| (report, words.clone())),
                columns: ["variant", "kind", "trials broken", "per trial (median)"],
                rows,
                note: format!("(real runs of {} processes)", info.real_sizes.threads),
            },
        );
    }
    out.push_str(&why_fixes_hold(info, "Why the fix holds", "run"));
    out!("{out}")?;
    Ok(ExitCode::SUCCESS)
}

/// Why this lesson has no interleaving.
const NO_CHECKER: &str = "No model checker here: loom and shuttle model threads inside one \
                          process, not processes with memory of their own. What a run shows is \
                          what happened, not every interleaving.";
