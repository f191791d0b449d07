//! The lesson of a model-checked lab: the simplest interleaving that breaks the variant, a short
//! real run, and every variant's verdict from the checker whose model covers its orderings. A
//! checker that fails on one variant leaves a cell that says why; the rest of the lesson stands.

use super::parts::{intro, real_run, section, why_fixes_hold};
use crate::{picture, render, style};
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{AnyLab, Checker, Error, LabInfo, Params, Report, VariantInfo, VariantKind};
use racelab_labs::worker::{self, Job};
use std::fmt::Write;
use std::path::Path;
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

/// loom's time beside a verdict the SC checker has already given exactly (an exhaustive run of
/// SeqCst code): it is a comparison then, and a lab of semaphores can keep loom busy for
/// minutes.
const BESIDE: Duration = Duration::from_secs(1);

/// One checker's exploration of one variant, or what stopped it.
type Checked = Result<Report, Error>;

/// One row of the verdict table.
struct Row {
    name: &'static str,
    kind: VariantKind,
    dpor: Checked,
    loom: Checked,
}

impl Row {
    /// Whether the variant uses orderings weaker than SeqCst, as either checker saw.
    fn weak(&self) -> bool {
        [&self.dpor, &self.loom]
            .iter()
            .any(|c| c.as_ref().is_ok_and(|r| !r.weak_orderings.is_empty()))
    }

    /// The verdict, from the checker whose model covers the variant's orderings: racelab's SC
    /// checker where every access is SeqCst (exact), loom where any is weaker. A violation the
    /// SC checker finds is real under any model; a checker that failed gives no verdict.
    fn verdict(&self) -> &'static str {
        let broken = if self.kind == VariantKind::WrongFix {
            "wrong fix"
        } else {
            "counterexample"
        };
        let failed = |c: &Checked| c.as_ref().is_ok_and(Report::failed);
        let weak = self.weak();
        if failed(&self.dpor) || (weak && failed(&self.loom)) {
            return broken;
        }
        match (weak, &self.dpor, &self.loom) {
            (true, _, Ok(_)) => "no violation",
            (false, Ok(dpor), _) if dpor.exhaustive => "proven",
            (false, Ok(_), _) => "not proven",
            _ => "no verdict",
        }
    }

    /// What the SC checker's column says: its counts, "(SC)" where the variant's weaker
    /// orderings allow more than it explores, that it cannot see the bug loom found, or what
    /// stopped it.
    fn sc_column(&self) -> String {
        let dpor = match &self.dpor {
            Ok(dpor) => dpor,
            Err(e) => return failure(e),
        };
        let counts = format!("{}/{}", dpor.violations, dpor.executions);
        let loom_failed = self.loom.as_ref().is_ok_and(Report::failed);
        match (dpor.weak_orderings.is_empty(), dpor.failed(), loom_failed) {
            (false, false, true) => "cannot see it".into(),
            (false, false, false) => format!("{counts} (SC)"),
            _ => counts,
        }
    }

    /// What loom's column says: its counts, marked a false alarm where SeqCst forbids what it
    /// found, or what stopped it.
    fn loom_column(&self) -> String {
        let loom = match &self.loom {
            Ok(loom) => loom,
            Err(e) => return failure(e),
        };
        let counts = format!("{}/{}", loom.violations, loom.executions);
        match loom.caveat {
            Some(racelab_core::Caveat::FalseAlarm) => format!("{counts} false alarm"),
            _ => counts,
        }
    }
}

/// A table cell for a checker that could not finish: what stopped it, in a few words.
fn failure(error: &Error) -> String {
    match error {
        Error::Hang { checker, .. } => format!("{checker} gave up: a spin loop"),
        Error::TimedOut { seconds } => format!("not done in {seconds}s"),
        Error::Deadlock { checker, .. } => format!("{checker}: a deadlock"),
        Error::Panicked { .. } => "the lab panicked".into(),
        _ => "failed".into(),
    }
}

/// Prints the lesson of `variant`, or writes it to `html`.
pub fn run(
    lab: &dyn AnyLab,
    variant: &VariantInfo,
    no_run: bool,
    html: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let info = lab.info();
    let params = Params::sized(info, info.model_sizes.threads, info.model_sizes.iters);
    let mut out = intro(info, variant);

    let rows: Vec<Row> = (info.variants.iter())
        .map(|v| {
            let (dpor, loom) = both(info, v.name, &params);
            Row {
                name: v.name,
                kind: v.kind,
                dpor,
                loom,
            }
        })
        .collect();
    // One iteration each shows the simplest interleaving, where one is enough to break it; some
    // bugs need more (a consumer that wakes a consumer needs two items), and then a racy variant
    // or a wrong fix is shown at the model size.
    let mut smallest = Params::sized(info, params.threads, 1);
    let (mut dpor, mut loom) = both(info, variant.name, &smallest);
    let breaks = |checked: &Checked| checked.as_ref().is_ok_and(|r| r.counterexample.is_some());
    let meant_to_break = !variant.kind.should_hold();
    if meant_to_break && !breaks(&dpor) && !breaks(&loom) && smallest.iters != params.iters {
        smallest = params.clone();
        (dpor, loom) = both(info, variant.name, &smallest);
    }

    section(&mut out, "The interleaving that breaks it");
    let (dpor_cx, loom_cx) = (
        dpor.as_ref().ok().and_then(|r| r.counterexample.as_ref()),
        loom.as_ref().ok().and_then(|r| r.counterexample.as_ref()),
    );
    let shown = dpor_cx.or(loom_cx);
    let summary = interleaving_summary(info, variant, &smallest, &dpor, &loom);
    let _ = writeln!(out, "{summary}");
    if let Some(cx) = shown {
        out.push('\n');
        out.push_str(&render::timeline(cx, info));
        let _ = writeln!(out, "\n{}", render::replay_line(cx, info.id));
        let others = dpor.iter().flat_map(|r| &r.counterexamples_by_verdict);
        for other in others.filter(|o| o.verdict != cx.verdict) {
            let _ = writeln!(out, "\nThe same race can end another way.\n");
            out.push_str(&render::timeline(other, info));
        }
    }

    let real = if no_run {
        None
    } else {
        section(&mut out, "What real threads showed");
        let row = rows.iter().find(|r| r.name == variant.name);
        let endings = row
            .filter(|r| !r.weak())
            .and_then(|r| r.dpor.as_ref().ok())
            .filter(|r| r.exhaustive)
            .map(|r| r.outcomes.len());
        let (text, report) = real_run(lab, variant.name, endings)?;
        out.push_str(&text);
        let mut words = text;
        if row.is_some_and(Row::weak) {
            let _ = writeln!(out, "{}", style::dim(HARDWARE));
            let _ = writeln!(words, "{HARDWARE}");
        }
        Some((report, words))
    };

    section(&mut out, "Every variant");
    let width = |cell: &dyn Fn(&Row) -> usize, least: usize| {
        rows.iter().map(cell).max().unwrap_or(0).max(least) + 2
    };
    let name_width = width(&|r| r.name.len(), 7);
    let sc_width = width(&|r| r.sc_column().len(), 10);
    let loom_width = width(&|r| r.loom_column().len(), 4);
    let _ = writeln!(
        out,
        "  {:<name_width$}{:<16}{:>sc_width$}{:>loom_width$}",
        "variant", "verdict", "SC checker", "loom"
    );
    for row in &rows {
        let word = row.verdict();
        let painted = if word == "proven" {
            style::proven(word).to_string()
        } else {
            style::verdict(word).to_string()
        };
        let pad = " ".repeat(16usize.saturating_sub(word.len()));
        let _ = writeln!(
            out,
            "  {:<name_width$}{painted}{pad}{:>sc_width$}{:>loom_width$}",
            row.name,
            row.sc_column(),
            row.loom_column(),
        );
    }
    let note = format!(
        "(violating/explored executions at {} {} x {}.\n   \"proven\": racelab's SC \
         checker explored every sequentially consistent\n   behaviour, one execution per \
         Mazurkiewicz class (no reduction by thread\n   symmetry here, which `racelab explore` \
         may add); exact for SeqCst code.\n   loom, beside it, explores weak memory.{}{})",
        params.threads,
        info.worker_unit(),
        crate::words::count(params.iters, info.iteration),
        orderings_note(&rows),
        failures_note(&rows),
    );
    let _ = writeln!(out, "  {}", style::dim(&note));

    if let Some(path) = html {
        let rows = (rows.iter())
            .map(|row| {
                [
                    row.name.to_string(),
                    row.verdict().to_string(),
                    row.sc_column(),
                    row.loom_column(),
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

/// The sentence before the timeline: how many classes, how many break, what loom found, that
/// nothing breaks the variant, or what stopped the checkers.
fn interleaving_summary(
    info: &LabInfo,
    variant: &VariantInfo,
    smallest: &Params,
    dpor: &Checked,
    loom: &Checked,
) -> String {
    let size = format!(
        "{} {} x {}",
        smallest.threads,
        info.worker_unit(),
        crate::words::count(smallest.iters, info.iteration)
    );
    let (dpor, loom) = match (dpor, loom) {
        (Ok(dpor), Ok(loom)) => (dpor, loom),
        (Ok(dpor), Err(e)) if dpor.counterexample.is_some() || dpor.weak_orderings.is_empty() => {
            return format!(
                "{size}: of {} classes of equivalent interleavings ({}; racelab's SC \
                 checker explores one of each), {} the invariant ({}: {e}).",
                dpor.executions,
                super::CLASSES,
                break_(dpor.violations),
                failure(e)
            )
        }
        (Err(e), Ok(loom)) if loom.counterexample.is_some() => {
            return format!(
                "{size}: racelab's SC checker could not finish ({e}); loom (weak memory) finds \
                 {} of {} executions that break the invariant.",
                loom.violations, loom.executions
            )
        }
        (Err(e), _) | (_, Err(e)) => {
            return format!("{size}: no checker could show an interleaving here: {e}.")
        }
    };
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
            "{size}: of {} classes of equivalent interleavings ({}; racelab's SC checker \
             explores one of each), {} the invariant; loom (weak memory, with its own reduction) \
             finds {} of {} executions. The simplest has the fewest preemptions: switches away \
             from a {} that could have gone on.",
            dpor.executions,
            super::CLASSES,
            break_(dpor.violations),
            loom.violations,
            loom.executions,
            info.worker_one(),
        )
    } else {
        format!(
            "{size}: no interleaving breaks '{}' ({} under racelab's SC checker, {} under loom).",
            variant.name,
            crate::words::count(dpor.executions, "executions"),
            crate::words::count(loom.executions, "executions"),
        )
    }
}

/// What the table's words mean when the lab has variants with weaker orderings.
fn orderings_note(rows: &[Row]) -> &'static str {
    if !rows.iter().any(Row::weak) {
        return "";
    }
    "\n   Where a variant uses Relaxed, Acquire or Release, loom judges it: the\n   SC checker \
     explores only SC behaviour (\"(SC)\"), and \"cannot see it\" marks\n   a bug that needs \
     weak memory. A \"false alarm\" is loom's on SeqCst code\n   (loom#180): SeqCst forbids it."
}

/// What stopped a checker, in full, for each cell that says it only in a few words.
fn failures_note(rows: &[Row]) -> String {
    let mut note = String::new();
    for row in rows {
        for (checker, checked) in [("SC checker", &row.dpor), ("loom", &row.loom)] {
            if let Err(e) = checked {
                let reason = format!("'{}', {checker}: {e}", row.name);
                let options = textwrap::Options::new(77)
                    .initial_indent("   ")
                    .subsequent_indent("     ");
                for line in textwrap::wrap(&reason, options) {
                    let _ = write!(note, "\n{line}");
                }
            }
        }
    }
    note
}

/// `n` and "break", agreeing: `1 breaks`, `2 break`.
fn break_(n: u64) -> String {
    format!("{n} {}", if n == 1 { "breaks" } else { "break" })
}

/// racelab's SC checker's exploration of `variant` at `params`, and loom's beside it (given
/// [`BESIDE`] where the SC checker's verdict is already exact).
fn both(info: &LabInfo, variant: &str, params: &Params) -> (Checked, Checked) {
    let dpor = explore(info, variant, params, Checker::Dpor, LIMIT);
    let exact = (dpor.as_ref()).is_ok_and(|r| r.exhaustive && r.weak_orderings.is_empty());
    let loom_limit = if exact { BESIDE } else { LIMIT };
    let loom = explore(info, variant, params, Checker::Loom, loom_limit);
    (dpor, loom)
}

/// `checker`'s exploration of `variant` at `params`, given `limit`.
fn explore(
    info: &LabInfo,
    variant: &str,
    params: &Params,
    checker: Checker,
    limit: Duration,
) -> Checked {
    let mut request = ExploreRequest::new(variant, params.clone(), checker);
    request.budget = Budget {
        max_executions: None,
        time_limit: Some(limit),
        stop_at_first: false,
    };
    let report = worker::run_isolated(
        &Job::Explore {
            lab: info.id.into(),
            request,
        },
        limit,
    )?;
    let stopped = matches!(report.limit, Some(racelab_core::Limit::Time { .. }));
    if stopped && !report.failed() {
        return Err(Error::TimedOut {
            seconds: limit.as_secs(),
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of `checker` with these counts, as a worker would send it.
    fn report(checker: &str, violations: u64, executions: u64, exhaustive: bool) -> Report {
        serde_json::from_value(serde_json::json!({
            "schema": "racelab/report/v1", "lab": "demo", "variant": "spin",
            "backend": "shuttle", "checker": checker, "params": {"threads": 2, "iters": 1},
            "exhaustive": exhaustive, "limited_by": null, "max_preemptions": null, "seed": null,
            "window": null, "executions": executions, "violations": violations,
            "elapsed_ms": 1.0, "outcomes": [], "counterexample": null,
        }))
        .unwrap()
    }

    fn hang() -> Error {
        Error::Hang {
            checker: "loom".into(),
            steps: 20_000,
            advice: String::new(),
        }
    }

    fn row(dpor: Checked, loom: Checked) -> Row {
        Row {
            name: "spin",
            kind: VariantKind::Fix,
            dpor,
            loom,
        }
    }

    #[test]
    fn a_checker_that_gives_up_leaves_a_cell_that_says_why_and_the_other_still_judges() {
        let proven = row(Ok(report("dpor", 0, 3, true)), Err(hang()));
        assert_eq!(proven.verdict(), "proven");
        assert_eq!(proven.sc_column(), "0/3");
        assert_eq!(proven.loom_column(), "loom gave up: a spin loop");
        let note = failures_note(&[proven]);
        assert!(note.contains("'spin', loom: loom gave up"), "{note}");
        assert!(!note.contains("--"), "the note names no flag: {note}");
        let broken = row(Ok(report("dpor", 2, 3, true)), Err(hang()));
        assert_eq!(broken.verdict(), "counterexample");
    }

    #[test]
    fn without_the_checker_that_judges_there_is_no_verdict() {
        let timed_out = Error::TimedOut { seconds: 60 };
        let nothing = row(Err(timed_out), Ok(report("loom", 0, 9, true)));
        assert_eq!(nothing.verdict(), "no verdict");
        assert_eq!(nothing.sc_column(), "not done in 60s");
        let info = racelab_labs::find("counter").unwrap().info();
        let summary = interleaving_summary(
            info,
            &info.variants[0],
            &Params::sized(info, 2, 1),
            &Err(hang()),
            &Err(hang()),
        );
        assert!(
            summary.contains("no checker could show an interleaving"),
            "{summary}"
        );
    }
}
