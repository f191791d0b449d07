//! `racelab explain`: the lesson. Concept, code, the simplest interleaving that breaks it, what
//! real threads showed, every variant's verdict, and why each fix holds.

use crate::args::ExplainArgs;
use crate::render::{self, millis};
use crate::{lesson, picture, style};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::runner::RunRequest;
use racelab_core::AnyLab;
use racelab_core::{Checker, Error, LabInfo, Params, Report, VariantInfo, VariantKind};
use racelab_labs as labs;
use racelab_labs::worker::{self, Job};
use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

/// What real threads can show of a variant with weaker orderings, on this machine.
const HARDWARE: &str = if cfg!(any(target_arch = "x86_64", target_arch = "x86")) {
    "This machine is x86, which keeps its stores in order and its loads in order (total store \
     order, TSO) but lets a load run before its own earlier store reaches memory (the store \
     buffer). So a message published with Relaxed stores is not expected to break here, while \
     store buffering (Dekker's flags) does break, in some trials. ARM and POWER reorder more, and \
     the compiler may reorder Relaxed accesses on any machine: what loom finds is what the \
     language allows."
} else {
    "This machine is not x86: its processor may reorder stores with stores and loads with \
     loads, as well as loads with earlier stores, and the compiler may reorder Relaxed accesses \
     anywhere: what loom finds is what the language allows."
};

/// Each exploration of the lesson may take this long.
const LIMIT: Duration = Duration::from_secs(60);
/// Real-thread trials in the lesson's short run, at most.
const TRIALS: u64 = 200;

/// A variant's verdict, from the checker whose model covers its orderings: racelab's SC
/// checker where every access is SeqCst (exact), loom where any is weaker. A violation the SC
/// checker finds is real under any model.
fn verdict_word(kind: VariantKind, dpor: &Report, loom: &Report) -> &'static str {
    let broken = if kind == VariantKind::WrongFix {
        "wrong fix"
    } else {
        "counterexample"
    };
    let weak = !dpor.weak_orderings.is_empty();
    if dpor.failed() || (weak && loom.failed()) {
        broken
    } else if weak {
        "no violation"
    } else if !dpor.exhaustive {
        "not proven"
    } else {
        "proven"
    }
}

/// What the SC checker's column says: its counts, "(SC)" where the variant's weaker orderings
/// allow more than it explores, or that it cannot see the bug loom found.
fn sc_column(dpor: &Report, loom: &Report) -> String {
    let counts = format!("{}/{}", dpor.violations, dpor.executions);
    match (dpor.weak_orderings.is_empty(), dpor.failed(), loom.failed()) {
        (false, false, true) => "cannot see it".into(),
        (false, false, false) => format!("{counts} (SC)"),
        _ => counts,
    }
}

/// What loom's column says: its counts, marked a false alarm where SeqCst forbids what it found.
fn loom_column(loom: &Report) -> String {
    let counts = format!("{}/{}", loom.violations, loom.executions);
    match loom.caveat {
        Some(racelab_core::Caveat::FalseAlarm) => format!("{counts} false alarm"),
        _ => counts,
    }
}

/// Prints the lesson.
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
    if !info.model_checked {
        return super::explain_real::run(lab, variant, args.no_run, args.html.as_deref());
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
    let shown = dpor
        .counterexample
        .as_ref()
        .or(loom.counterexample.as_ref());
    let summary = interleaving_summary(info, variant, &smallest, &dpor, &loom);
    let _ = writeln!(out, "{summary}");
    if let Some(cx) = shown {
        out.push('\n');
        out.push_str(&render::timeline(cx, info));
        let _ = writeln!(out, "\n{}", render::replay_line(cx, info.id));
        for other in dpor
            .counterexamples_by_verdict
            .iter()
            .filter(|o| o.verdict != cx.verdict)
        {
            let _ = writeln!(out, "\nThe same race can end another way.\n");
            out.push_str(&render::timeline(other, info));
        }
    }

    let real = if args.no_run {
        None
    } else {
        section(&mut out, "What real threads showed");
        let (text, report) = real_run(lab, variant.name)?;
        out.push_str(&text);
        let mut words = text;
        if !dpor.weak_orderings.is_empty() {
            let _ = writeln!(out, "{}", style::dim(HARDWARE));
            let _ = writeln!(words, "{HARDWARE}");
        }
        Some((report, words))
    };

    section(&mut out, "Every variant");
    let name_width = verdicts.iter().map(|v| v.0.len()).max().unwrap_or(0).max(7) + 2;
    let (sc_width, loom_width) = (
        verdicts
            .iter()
            .map(|v| sc_column(&v.2[0], &v.2[1]).len())
            .max()
            .unwrap_or(0)
            .max(10)
            + 2,
        verdicts
            .iter()
            .map(|v| loom_column(&v.2[1]).len())
            .max()
            .unwrap_or(0)
            .max(4)
            + 2,
    );
    let _ = writeln!(
        out,
        "  {:<name_width$}{:<16}{:>sc_width$}{:>loom_width$}",
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
            "  {name:<name_width$}{painted}{pad}{:>sc_width$}{:>loom_width$}",
            sc_column(dpor, loom),
            loom_column(loom),
        );
    }
    let note = format!(
        "(violating/explored executions at {} {} x {} {}.\n   \"proven\": racelab's SC \
         checker explored every sequentially consistent\n   behaviour, one execution per \
         class; exact for SeqCst code. loom, beside it,\n   explores weak memory.{})",
        params.threads,
        info.worker_unit(),
        params.iters,
        info.iteration,
        orderings_note(&verdicts)
    );
    let _ = writeln!(out, "  {}", style::dim(&note));

    if let Some(path) = &args.html {
        let rows = (verdicts.iter())
            .map(|(name, kind, [dpor, loom])| {
                [
                    name.to_string(),
                    verdict_word(*kind, dpor, loom).to_string(),
                    sc_column(dpor, loom),
                    loom_column(loom),
                ]
            })
            .collect();
        return picture::write_lesson(
            path,
            &picture::Lesson {
                info,
                variant,
                summary,
                counterexample: shown,
                columns: ["variant", "verdict", "SC checker", "loom"],
                real: real.as_ref().map(|(report, words)| (report, words.clone())),
                rows,
                note,
            },
        );
    }
    out.push_str(&why_fixes_hold(info, "Why each fix holds", "explore"));
    out!("{out}")?;
    Ok(ExitCode::SUCCESS)
}

/// The sentence before the timeline: how many classes, how many break, what loom found, or
/// that nothing breaks the variant.
fn interleaving_summary(
    info: &LabInfo,
    variant: &VariantInfo,
    smallest: &Params,
    dpor: &Report,
    loom: &Report,
) -> String {
    let size = format!(
        "{} {} x 1 of the {}",
        smallest.threads,
        info.worker_unit(),
        info.iteration
    );
    if dpor.counterexample.is_none() && loom.counterexample.is_some() {
        format!(
            "{size}: racelab's SC checker explores {} classes of sequentially consistent \
             interleavings, and none breaks the invariant: it cannot see this bug. The variant \
             uses {} orderings, and the bug needs weak memory: a store that another thread does \
             not see yet, or sees out of order. loom models it, and finds it in {} of {} \
             executions; each stale read is marked.",
            dpor.executions,
            dpor.weak_orderings.join(", "),
            loom.violations,
            loom.executions,
        )
    } else if dpor.counterexample.is_some() {
        format!(
            "{size}: of {} classes of equivalent interleavings (racelab's SC checker explores one \
             of each), {} break the invariant; loom (weak memory, with its own reduction) finds \
             {} of {} executions. The simplest has the fewest preemptions: switches away from a \
             {} that could have gone on.",
            dpor.executions,
            dpor.violations,
            loom.violations,
            loom.executions,
            info.worker_one(),
        )
    } else {
        format!(
            "none: no interleaving breaks '{}' ({} executions under racelab's SC checker, {} \
             under loom).",
            variant.name, dpor.executions, loom.executions
        )
    }
}

/// What the table's words mean when the lab has variants with weaker orderings.
fn orderings_note(verdicts: &[(&str, VariantKind, [Report; 2])]) -> &'static str {
    if verdicts.iter().all(|v| v.2[0].weak_orderings.is_empty()) {
        return "";
    }
    "\n   Where a variant uses Relaxed, Acquire or Release, loom judges it: the\n   SC checker \
     explores only SC behaviour (\"(SC)\"), and \"cannot see it\" marks\n   a bug that needs \
     weak memory. A \"false alarm\" is loom's on SeqCst code\n   (loom#180): SeqCst forbids it."
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
    if info.model_checked {
        let _ = writeln!(
            out,
            "Break it yourself: `racelab play {}` (you are the scheduler).",
            info.id
        );
    }
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
    let stopped = matches!(report.limit, Some(racelab_core::Limit::Time { .. }));
    if stopped && !report.failed() {
        return Err(Error::Failed(format!(
            "exploring '{variant}' did not finish in {}s",
            LIMIT.as_secs()
        )));
    }
    Ok(report)
}

/// A short real run of `variant`: what it showed in words, and its report.
pub(crate) fn real_run(lab: &dyn AnyLab, variant: &str) -> Result<(String, Report), Error> {
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
    Ok((out, report))
}
