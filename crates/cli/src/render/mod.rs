//! Human-readable reports: the header, the outcome table, the timeline, the verdict.

mod bypass;
mod histogram;
mod table;
pub(crate) mod timeline;

pub use timeline::render as timeline;

use crate::style;
use crate::words::{self, count};
use racelab_core::{Backend, Checker, LabInfo, Report};
use std::fmt::Write;

/// Renders a report of a real-thread run or an exploration.
pub fn report(report: &Report, info: &LabInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", header(report, info));
    if report.backend == Backend::Threads {
        real_threads(&mut out, report, info);
    } else {
        exploration(&mut out, report, info);
    }
    out
}

/// `counter / racy   2 threads x 2 increments   loom, exhaustive`.
fn header(report: &Report, info: &LabInfo) -> String {
    let p = &report.params;
    let unit = info.worker_unit();
    let mut size = format!("{} {unit} x {}", p.threads, count(p.iters, info.iteration));
    for (name, value) in &p.extra {
        let _ = write!(size, ", {name} {value}");
    }
    let how = match report.backend {
        Backend::Threads => format!(
            "real {}, window {}",
            info.workers,
            report
                .window
                .map(racelab_core::Window::name)
                .unwrap_or("none")
        ),
        _ => {
            let checker = report.checker.map(|c| c.name()).unwrap_or("?");
            let backend = match (report.backend, report.checker) {
                (Backend::Loom, _) | (_, Some(racelab_core::Checker::Dpor)) => "",
                _ => "shuttle ",
            };
            let mut scope = if report.exhaustive && report.checker == Some(Checker::Dpor) {
                let class = report.equivalence.map_or("class", |e| e.words());
                let mut scope =
                    format!("exhaustive: every SC behaviour, one execution per {class}");
                if let Some(classes) = report.classes {
                    let _ = write!(
                        scope,
                        " (standing for {})",
                        crate::words::count(classes, "Mazurkiewicz classes")
                    );
                }
                scope
            } else if report.exhaustive && report.checker == Some(Checker::Loom) {
                "every execution its reduction keeps, weak memory (not a proof)".to_string()
            } else if report.exhaustive {
                "exhaustive: every SC schedule, no preemption bound".to_string()
            } else {
                format!(
                    "NOT exhaustive: {}",
                    report.limited_by.as_deref().unwrap_or("bounded")
                )
            };
            if let Some(bound) = report.spurious_wakeups {
                let _ = write!(
                    scope,
                    ", at most {} per execution",
                    crate::words::count(bound, "spurious wakeups")
                );
            }
            let mut seed = report
                .seed
                .map(|s| format!(", seed {s}"))
                .unwrap_or_default();
            if let Some(shard) = report.shard {
                let _ = write!(seed, ", shard {shard}");
            }
            format!("{backend}{checker}{seed}, {scope}")
        }
    };
    let title = format!("{} / {}", report.lab, report.variant);
    let mut line = format!("{}   {size}   {how}", style::heading(&title));
    if let Some(step) = &report.reads_from_unfollowed {
        let _ = write!(
            line,
            "\n{}",
            style::dim(&format!(
                "--reads-from: not used: this variant takes a step the reads-from exploration \
                 does not follow ({step}; it follows loads, stores and locks): explored as \
                 without the flag"
            ))
        );
    }
    if let Some(why) = &report.chosen_because {
        let checker = report.checker.map(|c| c.name()).unwrap_or("?");
        let _ = write!(
            line,
            "\n{}",
            style::dim(&format!("checker: {checker}, because {why}"))
        );
    }
    line
}

fn real_threads(out: &mut String, report: &Report, info: &LabInfo) {
    let per_trial = report.elapsed_ms / report.executions.max(1) as f64;
    let _ = writeln!(
        out,
        "ran {} in {} ({:.2} ms per trial)",
        count(report.executions, "trials"),
        millis(report.elapsed_ms),
        per_trial
    );
    if let Some(loss) = &report.loss {
        let _ = writeln!(
            out,
            "lost updates in {} of {} trials; lost per trial: min {}, median {}, max {}",
            loss.lossy_trials, report.executions, loss.min, loss.median, loss.max
        );
    }
    let broken = report.violations;
    let _ = writeln!(
        out,
        "{broken} of {} broke the invariant",
        count(report.executions, "trials")
    );
    if report.loss.is_none() {
        for (name, trials) in by_violation(report) {
            let _ = writeln!(
                out,
                "  {}: {}",
                style::verdict(&name),
                count(trials, "trials")
            );
        }
    }
    out.push('\n');
    out.push_str(&histogram::render(&report.outcomes, "trials"));
    let _ = writeln!(
        out,
        "\n{}",
        style::dim(&if info.model_checked {
            format!("real {} show only the interleavings that happened to occur; `racelab explore` shows them all", info.worker_unit())
        } else {
            "real processes show only the interleavings that happened to occur; no model checker can run processes".to_string()
        })
    );
}

/// How many trials showed each named violation (a trial can show several).
fn by_violation(report: &Report) -> std::collections::BTreeMap<String, u64> {
    let mut counts = std::collections::BTreeMap::new();
    for row in report.outcomes.iter().filter(|r| r.is_violation()) {
        for name in row.verdict.split(", ") {
            *counts.entry(name.to_string()).or_insert(0) += row.count;
        }
    }
    counts
}

fn exploration(out: &mut String, report: &Report, info: &LabInfo) {
    let _ = writeln!(
        out,
        "explored {} in {}; {} of them broke the invariant\n",
        count(report.executions, "executions"),
        millis(report.elapsed_ms),
        report.violations
    );
    out.push_str(&table::render(&report.outcomes, "executions"));
    if let Some(first) = report.first_violation {
        let _ = writeln!(
            out,
            "\nthe first violation came at execution {} (after {})",
            first.execution,
            millis(first.elapsed_ms)
        );
    }
    if let (None, Some(row)) = (&report.counterexample, report.outcomes.first()) {
        if !report.replayed.is_empty() {
            // A replayed schedule that broke nothing: its steps, as a trace that ends in ok.
            let replayed = racelab_core::Counterexample {
                steps: report.replayed.clone(),
                preemptions: racelab_core::trace::preemptions(&report.replayed),
                replay: None,
                found_by: Checker::Dpor,
                state: row.state.clone(),
                verdict: row.verdict.clone(),
            };
            out.push('\n');
            out.push_str(&timeline::titled(&replayed, info, "the replayed schedule"));
        }
    }
    if let Some(cx) = &report.counterexample {
        out.push('\n');
        if report.checker == Some(Checker::Replay) {
            out.push_str(&timeline::titled(cx, info, "the replayed schedule"));
        } else {
            out.push_str(&timeline::render(cx, info));
            let _ = writeln!(out, "\n{}", replay_line(cx, &report.lab));
        }
    }
    let starvation = bypass::render(report);
    if !starvation.is_empty() && report.checker != Some(Checker::Replay) {
        out.push('\n');
        out.push_str(&starvation);
    }
    out.push('\n');
    out.push_str(&conclusion(report));
}

/// How to see the counterexample again: its replay token, or why it has none.
pub fn replay_line(cx: &racelab_core::Counterexample, lab: &str) -> String {
    match &cx.replay {
        Some(token) => format!("replay it: racelab replay {lab} --schedule {token}"),
        None => "no replay token: this trace is loom's, under weak memory, and racelab replays \
                 only sequentially consistent schedules; loom finds it again on the same command"
            .to_string(),
    }
}

/// The last line: proven, violated, or inconclusive.
pub fn conclusion(report: &Report) -> String {
    if let Some(caveat) = &report.caveat {
        let what = match caveat {
            racelab_core::Caveat::FalseAlarm => format!(
                "{} of {} executions broke the invariant under loom",
                report.violations, report.executions
            ),
            racelab_core::Caveat::CannotSee { .. } => {
                format!("no violation in {} executions", report.executions)
            }
        };
        format!(
            "{} {what}, but {caveat}\n",
            style::verdict("NOT A VERDICT:")
        )
    } else if report.violations > 0 {
        format!(
            "{} {} of {} broke the invariant\n",
            style::verdict("FAILED:"),
            report.violations,
            count(report.executions, "executions")
        )
    } else if report.exhaustive {
        let n = report.executions;
        match report.checker {
            Some(Checker::Dpor) => format!(
                "{} the invariant holds in {}: every sequentially consistent \
                 behaviour, one execution per {} (exact: every access is SeqCst){}\n",
                style::proven("proven:"),
                words::all(n, "executions"),
                report.equivalence.map_or("class", |e| e.words()),
                report
                    .spurious_wakeups
                    .map_or(String::new(), |bound| format!(
                        ", with at most {} per execution",
                        count(u64::from(bound), "spurious wakeups")
                    )),
            ),
            Some(Checker::Loom) if !report.weak_orderings.is_empty() => format!(
                "no violation found under loom (weak memory: it models the {} orderings this \
                 variant uses) in {n} executions; not a proof: loom's reduction can miss \
                 interleavings (loom#392)\n",
                report.weak_orderings.join(", ")
            ),
            Some(Checker::Loom) => format!(
                "no violation found under loom (weak memory) in {n} executions; not a proof: \
                 loom's reduction can miss interleavings (loom#392). Prove it with --checker dpor\n"
            ),
            _ => format!(
                "no violation in {} (shuttle dfs: every sequentially consistent \
                 schedule); `--checker dpor` says proven, in fewer executions\n",
                words::all(n, "schedules")
            ),
        }
    } else {
        format!(
            "no violation in {}, but the exploration was not exhaustive ({})\n",
            count(report.executions, "executions"),
            report.limited_by.as_deref().unwrap_or("bounded")
        )
    }
}

/// `18 ms`, `1.4 s`.
pub fn millis(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms < 1.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

#[cfg(test)]
mod tests {
    use racelab_core::explore::ExploreRequest;
    use racelab_core::{Checker, Params};

    /// The header states the bound on spurious wakeups exactly when the checker applied one.
    #[test]
    fn the_header_states_the_spurious_wakeup_bound_only_when_one_applied() {
        let lab = racelab_labs::find("counter").expect("the counter lab");
        let info = lab.info();
        let params = Params::sized(info, 2, 1);
        let request = ExploreRequest::new("racy", params, Checker::Dpor);
        let mut report = lab.explore(&request).expect("explores");
        assert_eq!(report.spurious_wakeups, None, "the counter has no condvar");
        assert!(!super::header(&report, info).contains("spurious"));
        report.spurious_wakeups = Some(1);
        let one = super::header(&report, info);
        assert!(
            one.contains("at most 1 spurious wakeup per execution"),
            "{one}"
        );
        report.spurious_wakeups = Some(3);
        let three = super::header(&report, info);
        assert!(
            three.contains("at most 3 spurious wakeups per execution"),
            "{three}"
        );
    }
}
