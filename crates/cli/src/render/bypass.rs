//! Starvation in a report: the worst bypass of each lock, semaphore and read-write lock.

use crate::style;
use crate::words::count;
use racelab_core::Report;
use std::fmt::Write;

/// One line per object a thread waited for while others took it, and how to see the worst;
/// nothing when no thread was ever bypassed.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    // The first of the largest, in the order the objects were created.
    let Some(worst) = (report.bypass.iter()).reduce(|a, b| if b.times > a.times { b } else { a })
    else {
        return out;
    };
    let scope = if report.exhaustive {
        "the worst of every execution"
    } else {
        "at least: the exploration was not exhaustive"
    };
    let _ = writeln!(
        out,
        "starvation, how many times others took it while one thread waited ({scope}):"
    );
    let width = (report.bypass.iter())
        .map(|b| b.object.len() + b.kind.len())
        .max()
        .unwrap_or(0);
    for b in &report.bypass {
        let name = format!("{} ({})", b.object, b.kind);
        let _ = writeln!(
            out,
            "  {name:<w$}  {:>9} while t{} waited",
            count(b.times, "times"),
            b.thread,
            w = width + 3
        );
    }
    if let Some(token) = &worst.replay {
        let see = format!(
            "see the worst: racelab replay {} --schedule {token}",
            report.lab
        );
        let _ = writeln!(out, "{}", style::dim(&see));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bypass(object: &str, times: u64, thread: usize) -> racelab_core::Bypass {
        racelab_core::Bypass {
            object: object.into(),
            kind: "lock".into(),
            times,
            thread,
            steps: Vec::new(),
            replay: Some(format!("token-{object}")),
        }
    }

    fn report(exhaustive: bool, bypass: Vec<racelab_core::Bypass>) -> Report {
        let mut report: Report = serde_json::from_value(serde_json::json!({
            "schema": "racelab/report/v1", "lab": "demo", "variant": "v",
            "backend": "shuttle", "checker": "dpor", "params": {"threads": 3, "iters": 1},
            "exhaustive": exhaustive, "limited_by": null, "max_preemptions": null, "seed": null,
            "window": null, "executions": 1, "violations": 0,
            "elapsed_ms": 1.0, "outcomes": [], "counterexample": null,
        }))
        .expect("a report");
        report.bypass = bypass;
        report
    }

    #[test]
    fn each_object_gets_a_line_and_the_worst_its_replay() {
        colored::control::set_override(false);
        let text = render(&report(true, vec![bypass("a", 1, 2), bypass("room", 4, 3)]));
        assert!(text.contains("(the worst of every execution)"), "{text}");
        assert!(text.contains("a (lock)"), "{text}");
        assert!(text.contains("1 time while t2 waited"), "{text}");
        assert!(text.contains("4 times while t3 waited"), "{text}");
        assert!(text.contains("--schedule token-room"), "{text}");
        let bounded = render(&report(false, vec![bypass("a", 1, 2)]));
        assert!(bounded.contains("at least"), "{bounded}");
        assert_eq!(render(&report(true, Vec::new())), "");
    }
}
