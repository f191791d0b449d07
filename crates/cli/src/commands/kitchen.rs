//! `racelab kitchen`: every execution model on every workload, as tables, a chart and the
//! lesson; and `racelab explain kitchen`, the story with a short run.

use crate::args::{KitchenArgs, WorkArg};
use crate::render::millis;
use crate::style;
use racelab_core::Error;
use racelab_kitchen::{lesson, Kitchen, Model, Request, Work};
use std::fmt::Write;
use std::io::IsTerminal;
use std::process::ExitCode;

/// The story `explain kitchen` tells (its README).
const README: &str = include_str!("../../../kitchen/README.md");

/// Measures and prints.
pub fn run(args: &KitchenArgs) -> anyhow::Result<ExitCode> {
    let works = match args.work {
        WorkArg::Cpu => vec![Work::Cpu],
        WorkArg::Io => vec![Work::Io],
        WorkArg::Both => vec![Work::Cpu, Work::Io],
    };
    let request = Request {
        tasks: args.tasks,
        works,
        task_ms: args.ms,
        repeats: args.repeats,
    };
    let kitchen = measure(&request, !args.json)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&kitchen)?)?;
    } else {
        out!("{}", render(&kitchen))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the kitchen, naming each run on a terminal's stderr as it starts.
fn measure(request: &Request, show_progress: bool) -> Result<Kitchen, Error> {
    racelab_kitchen::check(request).map_err(Error::BadInput)?;
    let exe = std::env::current_exe()
        .map_err(|e| Error::Failed(format!("cannot find racelab itself: {e}")))?;
    let terminal = show_progress && std::io::stderr().is_terminal();
    let mut progress = |what: &str| {
        if terminal {
            eprint!("\r\x1b[2Kmeasuring {what} ...");
        }
    };
    let kitchen = racelab_kitchen::measure(request, &exe, &mut progress).map_err(Error::Failed);
    if terminal {
        eprint!("\r\x1b[2K");
    }
    kitchen
}

/// The tables, the chart and the lesson.
pub fn render(kitchen: &Kitchen) -> String {
    let mut out = String::new();
    for workload in &kitchen.workloads {
        let what = match workload.work.as_str() {
            "cpu" => format!("CPU-bound: {} tasks of about {} ms of computing each (on one core)", kitchen.tasks, workload.task_ms),
            _ => format!("I/O-bound: {} tasks that each wait {} ms on a timer (standing in for a network or disk)", kitchen.tasks, workload.task_ms),
        };
        let _ = writeln!(out, "{}\n", style::heading(&what));
        let _ = writeln!(
            out,
            "  {:<14}{:>9}{:>9}{:>12}{:>9}  {:<10}as in Python",
            "model", "wall", "CPU", "cores busy", "speedup", "checksum"
        );
        for run in &workload.runs {
            let python = Model::named(&run.model).map_or("", Model::as_in_python);
            let ok = if run.checksum_ok {
                style::proven("ok").to_string()
            } else {
                style::verdict("WRONG").to_string()
            };
            let pad = " ".repeat(10usize.saturating_sub(if run.checksum_ok { 2 } else { 5 }));
            let _ = writeln!(
                out,
                "  {:<14}{:>9}{:>9}{:>12.1}{:>8.1}x  {ok}{pad}{python}",
                run.model,
                millis(run.wall_ms),
                millis(run.cpu_ms),
                run.cores_busy,
                run.speedup,
            );
        }
        out.push('\n');
        out.push_str(&chart(workload));
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}",
        style::heading(&format!(
            "What this machine showed ({} cores)",
            kitchen.cores
        ))
    );
    for sentence in lesson::lesson(kitchen) {
        let _ = writeln!(out, "- {sentence}");
    }
    out
}

/// A bar per model, as long as its speedup.
fn chart(workload: &racelab_kitchen::Workload) -> String {
    const WIDTH: f64 = 40.0;
    let top = (workload.runs.iter()).fold(1.0f64, |m, r| m.max(r.speedup));
    let mut out = format!("  speedup over one-chef ({})\n", workload.work);
    for run in &workload.runs {
        let cells = ((run.speedup / top) * WIDTH).round().max(1.0) as usize;
        let _ = writeln!(
            out,
            "  {:<14}{} {:.1}x",
            run.model,
            "#".repeat(cells),
            run.speedup
        );
    }
    out
}

/// `racelab explain kitchen`: the story, then a short run and what it showed.
pub fn explain(no_run: bool) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    let title = README.lines().next().unwrap_or("").trim_start_matches("# ");
    let _ = writeln!(out, "{}\n", style::heading(title));
    let body: Vec<&str> = README.lines().skip(1).collect();
    let _ = writeln!(out, "{}\n", body.join("\n").trim());
    let _ = writeln!(out, "{}\n", style::heading("A short run on this machine"));
    if no_run {
        let _ = writeln!(
            out,
            "(skipped: --no-run; run `racelab kitchen` for the full measure)"
        );
    } else {
        let request = Request {
            tasks: 4,
            works: vec![Work::Cpu, Work::Io],
            task_ms: 20,
            repeats: 3,
        };
        out.push_str(&render(&measure(&request, true)?));
        let _ = writeln!(
            out,
            "\n(4 tasks of 20 ms; `racelab kitchen` measures 8 of 50 ms)"
        );
    }
    out!("{out}")?;
    Ok(ExitCode::SUCCESS)
}
