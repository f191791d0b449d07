//! The pieces every lesson shares: the title and the code, section headings, a short real
//! run told in words computed from its figures, and why each fix holds.

use crate::render::millis;
use crate::words::count;
use crate::{lesson, style};
use racelab_core::runner::RunRequest;
use racelab_core::{AnyLab, Error, LabInfo, Params, Report, VariantInfo, VariantKind};
use std::fmt::Write;

/// Real-thread trials in the lesson's short run, at most.
const TRIALS: u64 = 200;

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

/// A short real run of `variant`: what it showed in words, and its report. `endings` is how
/// many final states racelab's SC checker reaches for the variant (exact for SeqCst code), when
/// it is known: what the trials' agreement means depends on it.
pub(crate) fn real_run(
    lab: &dyn AnyLab,
    variant: &str,
    endings: Option<usize>,
) -> Result<(String, Report), Error> {
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
        "{} of {} {} x {} on real {} took {}: {} of them broke the invariant",
        count(report.executions, "trials"),
        report.params.threads,
        info.worker_unit(),
        count(report.params.iters, info.iteration),
        info.workers,
        millis(report.elapsed_ms),
        report.violations
    );
    if let Some(loss) = &report.loss {
        let _ = write!(
            out,
            " (lost per trial: min {}, median {}, max {})",
            loss.min, loss.median, loss.max
        );
    }
    let _ = writeln!(out, ".\n{}", timing(report.outcomes.len(), endings));
    Ok((out, report))
}

/// What the trials' endings say about timing, from how many distinct final states they reached
/// and how many the SC checker reaches (when known).
pub(crate) fn timing(seen: usize, endings: Option<usize>) -> String {
    match (seen, endings) {
        (0 | 1, Some(1)) => "Every trial ended the same way, and racelab's SC checker finds no \
                             other ending: this outcome does not depend on timing."
            .into(),
        (0 | 1, Some(k)) => format!(
            "Every trial ended the same way here, yet racelab's SC checker reaches {k} different \
             endings: which one happens depends on timing, and these trials did not meet the \
             others."
        ),
        (0 | 1, None) => "Every trial ended the same way here; a short run cannot say whether \
                          another ending is possible."
            .into(),
        (k, _) => format!(
            "The trials ended in {k} different ways: the outcome depends on timing, and on \
             another run, or another machine, the figures differ."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::timing;

    #[test]
    fn timing_is_said_not_to_matter_only_where_the_checker_finds_one_ending() {
        let independent = "does not depend on timing";
        assert!(timing(1, Some(1)).contains(independent));
        for (seen, endings) in [
            (1, Some(3)),
            (1, None),
            (2, Some(1)),
            (5, Some(5)),
            (2, None),
        ] {
            let said = timing(seen, endings);
            assert!(!said.contains(independent), "{seen} {endings:?}: {said}");
        }
        assert!(timing(1, Some(3)).contains("depends on timing"));
        assert!(timing(4, Some(1)).contains("4 different ways"));
        assert!(
            !timing(1, Some(3)).contains("different ways"),
            "the trials agreed"
        );
    }
}
