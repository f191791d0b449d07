//! The BENCHMARKS.md document: tables, the machine, the command behind each figure.

use std::fmt::Write;
use std::time::Duration;

/// One section of the document.
pub struct Section {
    /// The heading.
    pub title: String,
    /// Markdown: prose and tables.
    pub body: String,
}

/// A markdown table.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|", header.join(" | "));
    for _ in header {
        out.push_str(" --- |");
    }
    out.push('\n');
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "rustc (unknown version)".into());
    format!(
        "{cpu}, {cores} cores available; {rustc}; {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// The whole document.
pub fn document(sections: &[Section], took: Duration) -> String {
    let mut out = String::from(
        "# Benchmarks\n\n\
         Written by `make bench` (crates/bench); do not edit by hand. Every figure below comes from \
         that one run, but for a section that says it was refreshed alone (`racelab-bench --only \
         SECTION`). The machine is shared and noisy: comparisons alternate their contenders \
         repetition by repetition, and quote medians and ratios.\n\n",
    );
    let _ = writeln!(out, "Machine: {}.", machine());
    let _ = writeln!(out, "The run took {:.0} s.\n", took.as_secs_f64());
    for section in sections {
        let _ = writeln!(out, "## {}\n\n{}", section.title, section.body.trim_end());
        out.push('\n');
    }
    out
}

/// `old` with each of `sections` in place of its namesake (or added at the end), each saying
/// that it was refreshed alone, by `--only only`, and how long that took.
pub fn replace(old: &str, sections: &[Section], only: &str, took: Duration) -> String {
    let mut out = old.trim_end().to_string();
    out.push('\n');
    for section in sections {
        let heading = format!("## {}\n", section.title);
        let note = format!(
            "_Refreshed alone (`target/release/racelab-bench --only {only}`, {:.0} s) after the \
             run above; machine: {}._\n\n",
            took.as_secs_f64(),
            machine()
        );
        let text = format!("{heading}\n{note}{}\n\n", section.body.trim_end());
        match out.find(&heading) {
            Some(start) => {
                let after = start + heading.len();
                let end = out[after..]
                    .find("\n## ")
                    .map_or(out.len(), |e| after + e + 1);
                out.replace_range(start..end, &text);
            }
            None => {
                out.push('\n');
                out.push_str(&text);
            }
        }
    }
    // The last section, refreshed, keeps the one newline a file ends with.
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `n` with its thousands set apart: `369,600`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
