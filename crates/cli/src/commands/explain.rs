//! `racelab explain`: the lesson. Concept, code, the simplest interleaving that breaks it, what
//! real threads showed, every variant's verdict, and why each fix holds.

use crate::args::ExplainArgs;
use crate::render::{self, millis};
use crate::{lesson, style};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::runner::RunRequest;
use racelab_core::AnyLab;
use racelab_core::{Checker, Error, LabInfo, Params, Report, VariantInfo, VariantKind};
use racelab_labs as labs;
use racelab_labs::worker::{self, Job};
use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

/// Each exploration of the lesson may take this long.
const LIMIT: Duration = Duration::from_secs(60);
/// Real-thread trials in the lesson's short run, at most.
const TRIALS: u64 = 200;

/// A variant's verdict: the SC checker's (exact: the labs' atomics are SeqCst), with loom's
/// disagreement said in words rather than guessed.
fn verdict_word(kind: VariantKind, dpor: &Report, loom: &Report) -> &'static str {
    if dpor.failed() {
        if kind == VariantKind::WrongFix {
            "wrong fix"
        } else {
            "counterexample"
        }
    } else if !dpor.exhaustive {
        "not proven"
    } else if loom.failed() {
        "loom false alarm"
    } else {
        "proven"
    }
}

/// Prints the lesson.
pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let lab = labs::find(&args.lab)?;
    let info = lab.info();
    let variant = match &args.variant {
        Some(name) => info.variant(name).ok_or_else(|| {
            Error::BadInput(format!(
                "unknown variant '{name}' of lab '{}'; the variants are: {}",
                info.id,
                info.variant_names()
            ))
        })?,
        None => &info.variants[0],
    };
    if !info.model_checked {
        return super::explain_real::run(lab, variant, args.no_run);
    }
    let params = Params::sized(info, info.model_sizes.threads, info.model_sizes.iters);
    let mut out = intro(info, variant);

    let verdicts: Vec<(&str, VariantKind, [Report; 2])> = info
        .variants
        .iter()
        .map(|v| {
            Ok((
                v.name,
                v.kind,
                [
                    explore(info, v.name, &params, Checker::Dpor)?,
                    explore(info, v.name, &params, Checker::Loom)?,
                ],
            ))
        })
        .collect::<Result<_, Error>>()?;
    let smallest = Params::sized(info, params.threads, 1);
    let loom = explore(info, variant.name, &smallest, Checker::Loom)?;
    let dpor = explore(info, variant.name, &smallest, Checker::Dpor)?;

    section(&mut out, "The interleaving that breaks it");
    match dpor
        .counterexample
        .as_ref()
        .or(loom.counterexample.as_ref())
    {
        Some(cx) => {
            let _ = writeln!(
                out,
                "{} {} x 1 of the {}: of {} classes of equivalent interleavings (racelab's SC \
                 checker explores one of each), {} break the invariant; loom (weak memory, with \
                 its own reduction) finds {} of {} executions. The simplest has the fewest \
                 preemptions: switches away from a {} that could have gone on.\n",
                smallest.threads,
                info.worker_unit(),
                info.iteration,
                dpor.executions,
                dpor.violations,
                loom.violations,
                loom.executions,
                info.worker_one(),
            );
            out.push_str(&render::timeline(cx, info));
            if let Some(token) = &cx.replay {
                let _ = writeln!(
                    out,
                    "\nreplay it: racelab replay {} --schedule {token}",
                    info.id
                );
            }
            for other in dpor
                .counterexamples_by_verdict
                .iter()
                .filter(|o| o.verdict != cx.verdict)
            {
                let _ = writeln!(out, "\nThe same race can end another way.\n");
                out.push_str(&render::timeline(other, info));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "none: no interleaving breaks '{}' ({} executions under racelab's SC checker, {} \
                 under loom).",
                variant.name, dpor.executions, loom.executions
            );
        }
    }

    if !args.no_run {
        section(&mut out, "What real threads showed");
        out.push_str(&real_run(lab, variant.name)?);
    }

    section(&mut out, "Every variant");
    let name_width = verdicts.iter().map(|v| v.0.len()).max().unwrap_or(0).max(7) + 2;
    let _ = writeln!(
        out,
        "  {:<name_width$}{:<16}{:>12}{:>12}",
        "variant", "verdict", "SC checker", "loom"
    );
    for (name, kind, [dpor, loom]) in &verdicts {
        let word = verdict_word(*kind, dpor, loom);
        let painted = if word == "proven" {
            style::proven(word).to_string()
        } else {
            style::verdict(word).to_string()
        };
        let pad = " ".repeat(16usize.saturating_sub(word.len()));
        let _ = writeln!(
            out,
            "  {name:<name_width$}{painted}{pad}{:>12}{:>12}",
            format!("{}/{}", dpor.violations, dpor.executions),
            format!("{}/{}", loom.violations, loom.executions),
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        style::dim(&format!(
            "(violating/explored executions at {} {} x {} {}.\n   \"proven\": racelab's SC \
             checker explored every sequentially consistent\n   behaviour, one execution per \
             class; exact for SeqCst code. loom, beside it,\n   explores weak memory.)",
            params.threads,
            info.worker_unit(),
            params.iters,
            info.iteration
        ))
    );

    out.push_str(&why_fixes_hold(info, "Why each fix holds", "explore"));
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// Each fix's paragraph from the README, and where to read more.
pub(crate) fn why_fixes_hold(info: &LabInfo, title: &str, command: &str) -> String {
    let mut out = String::new();
    section(&mut out, title);
    for v in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
        let text =
            lesson::fix_paragraph(info.readme, v.name).unwrap_or_else(|| v.summary.to_string());
        let _ = writeln!(out, "- {text}\n");
    }
    let _ = writeln!(
        out,
        "More: labs/{}/README.md, `racelab {command} {}`, `cargo test -p {}`.",
        info.crate_name, info.id, info.crate_name
    );
    out
}

/// The title, the concept (from the README), and the variant's real source with line numbers.
pub(crate) fn intro(info: &LabInfo, variant: &VariantInfo) -> String {
    let mut out = String::new();
    let title = format!("{}: {}", info.id, info.title);
    let _ = writeln!(
        out,
        "{}\n\n{}\n",
        style::heading(&title),
        lesson::concept(info.readme)
    );
    section(&mut out, &format!("The code: variant '{}'", variant.name));
    let _ = writeln!(
        out,
        "{}",
        style::dim(&format!("(labs/{}/src/variants.rs)", info.crate_name))
    );
    for (line, text) in lesson::variant_code(info.variants_source, variant.function) {
        let _ = writeln!(out, "{:>4} | {text}", style::dim(&line.to_string()));
    }
    out
}

pub(crate) fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{}\n", style::heading(title));
}

fn explore(
    info: &LabInfo,
    variant: &str,
    params: &Params,
    checker: Checker,
) -> Result<Report, Error> {
    let mut request = ExploreRequest::new(variant, params.clone(), checker);
    request.budget = Budget {
        max_executions: None,
        time_limit: Some(LIMIT),
        stop_at_first: false,
    };
    let report = worker::run_isolated(
        &Job::Explore {
            lab: info.id.into(),
            request,
        },
        LIMIT,
    )?;
    if !report.exhaustive && !report.failed() {
        return Err(Error::Failed(format!(
            "exploring '{variant}' did not finish in {}s",
            LIMIT.as_secs()
        )));
    }
    Ok(report)
}

pub(crate) fn real_run(lab: &dyn AnyLab, variant: &str) -> Result<String, Error> {
    let info = lab.info();
    let params = Params::sized(info, info.real_sizes.threads, info.real_sizes.iters);
    let request = RunRequest {
        variant: variant.into(),
        params,
        trials: info.real_trials.min(TRIALS),
        window: info.real_window,
    };
    let report = lab.run(&request, &mut |_| {})?;
    let mut out = format!(
        "{} trials of {} {} x {} {} on real {} took {}: {} of them broke the invariant",
        report.executions,
        report.params.threads,
        info.worker_unit(),
        report.params.iters,
        info.iteration,
        info.workers,
        millis(report.elapsed_ms),
        report.violations
    );
    if let Some(loss) = &report.loss {
        let _ = write!(
            out,
            " (lost per trial: median {}, max {})",
            loss.median, loss.max
        );
    }
    if report.outcomes.len() > 1 {
        out.push_str(
            ".\nOn another run, or another machine, the figures differ: that is the point.\n",
        );
    } else {
        out.push_str(
            ".\nEvery trial ended the same way: this outcome does not depend on timing.\n",
        );
    }
    Ok(out)
}
