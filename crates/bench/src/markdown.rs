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
         that one run. The machine is shared and noisy: comparisons alternate their contenders \
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
