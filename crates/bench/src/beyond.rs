//! Proofs beyond the Mazurkiewicz floor: the counter programs of issue 25 under racelab's SC
//! checker (one execution per class, and per orbit of symmetric threads), beside shuttle's DFS,
//! loom and, where their binaries are given (`GENMC=...`, `NIDHUGG=...`), GenMC and Nidhugg on
//! the C versions in `../shared/anchors`; increments nobody reads back against `fetch_add`s;
//! `--jobs 2` against `--jobs 1`; and four shards against the whole. (The cost of one execution
//! against one of DFS is [`crate::cost`].)

use crate::markdown::{table, thousands, Section};
use crate::stats::{median, show, timed};
use counter_race::CounterLab;
use racelab_core::explore::{explore, merge, Budget, ExploreRequest, Shard};
use racelab_core::{Checker, Declared, Params, Report};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// What one exploration of a row may take.
const LIMIT: Duration = Duration::from_secs(60);
/// Repetitions of the timed rows (medians).
const REPS: usize = 3;

/// One exploration of the counter.
struct Run {
    variant: &'static str,
    threads: usize,
    iters: u64,
    checker: Checker,
    symmetry: bool,
    reads_from: bool,
    jobs: Option<usize>,
    shard: Option<Shard>,
}

impl Run {
    fn new(variant: &'static str, threads: usize, iters: u64, checker: Checker) -> Self {
        Run {
            variant,
            threads,
            iters,
            checker,
            symmetry: false,
            reads_from: false,
            jobs: None,
            shard: None,
        }
    }

    fn report(&self) -> anyhow::Result<(Report, Duration)> {
        let params = Params::sized(CounterLab.info(), self.threads, self.iters);
        let mut request = ExploreRequest::new(self.variant, params, self.checker);
        request.symmetry = self.symmetry;
        request.reads_from = self.reads_from;
        request.jobs = self.jobs;
        request.shard = self.shard;
        request.budget = Budget {
            time_limit: Some(LIMIT),
            ..Budget::default()
        };
        let (report, took) = timed(|| explore(&CounterLab, &request));
        Ok((report?, took))
    }

    /// The command that runs it.
    fn command(&self) -> String {
        let mut command = format!(
            "racelab explore counter --variant {} --threads {} --iters {}",
            self.variant, self.threads, self.iters
        );
        if self.checker != Checker::Dpor {
            command.push_str(&format!(" --checker {}", self.checker.name()));
        } else if self.reads_from {
            command.push_str(" --reads-from");
        } else if !self.symmetry {
            command.push_str(" --no-symmetry");
        }
        if let Some(jobs) = self.jobs {
            command.push_str(&format!(" --jobs {jobs}"));
        }
        command
    }
}

fn executions(report: &Report) -> String {
    let n = thousands(report.executions);
    if report.exhaustive {
        n
    } else {
        format!("> {n} (stopped at {} s)", LIMIT.as_secs())
    }
}

/// The median time of `REPS` runs, and the last report.
fn timed_runs(run: &Run) -> anyhow::Result<(Report, Duration)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..REPS {
        eprintln!("beyond: {}", run.command());
        let (report, took) = run.report()?;
        times.push(took);
        let unfinished = !report.exhaustive;
        last = Some(report);
        if unfinished {
            break; // one run that hits the limit is enough to say so
        }
    }
    Ok((last.expect("one run"), median(&times)))
}

/// A C checker on an anchor program in its best mode, if its binary is given: executions and
/// wall time, stopped after [`LIMIT`] like the other columns.
///
/// - GenMC (`GENMC`): with its symmetry reduction on the mutex counter, whose threads
///   `mutex_sym4.c` spawns one by one as the reduction needs (4 threads); the racy counters from
///   `racy_counter.c` without it (`--disable-sr`): threads spawned in a loop are not reduced,
///   and GenMC stops the one-by-one versions at their racing writes, reported as an error.
/// - Nidhugg (`NIDHUGG`, the `nidhuggc` wrapper): with reads-from equivalence (`--rf`). It
///   takes a mutex only from `pthread_mutex_init`, which the bench adds at the top of `main`
///   of a copy of the mutex counter (the program initialises it statically).
///
/// The counter's `add` is `atomic_counter.c` (whose `atomic_fetch_add`s' results go unused),
/// under Nidhugg's plain SC mode, which commutes such increments (its `--rf` mode does not).
fn anchor(tool: &str, variant: &str, threads: usize, iters: u64) -> Option<String> {
    let binary = std::env::var(tool).ok()?;
    let anchors = Path::new("../shared/anchors");
    let (n, k) = (format!("-DN={threads}"), format!("-DK={iters}"));
    let (variant, rf) = match variant {
        "add" => ("atomic", None),
        other => (other, Some("--rf")),
    };
    let dir = tempfile::tempdir().ok()?;
    let mut command = Command::new(&binary);
    match (tool, variant) {
        ("GENMC", "mutex") if threads == 4 => {
            command.args(["--sc", "--disable-estimation", "--", &k]);
            command.arg(anchors.join("mutex_sym4.c"));
        }
        ("GENMC", _) => {
            command.args(["--sc", "--disable-estimation", "--disable-sr", "--", &n, &k]);
            command.arg(anchors.join(format!("{variant}_counter.c")));
        }
        _ => {
            let mut program =
                std::fs::read_to_string(anchors.join(format!("{variant}_counter.c"))).ok()?;
            if program.contains("pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;") {
                program = program.replacen(
                    "int main() {",
                    "int main() { pthread_mutex_init(&m, NULL);",
                    1,
                );
            }
            let copy = dir.path().join(format!("{variant}_counter.c"));
            std::fs::write(&copy, program).ok()?;
            command.args([&n, &k, "--", "--sc"]).args(rf).arg(copy);
        }
    }
    let log = dir.path().join("output");
    let file = std::fs::File::create(&log).ok()?;
    command.stdout(file.try_clone().ok()?).stderr(file);
    eprintln!("beyond: {command:?}");
    let (status, took) = timed(|| {
        let mut child = command.spawn().ok()?;
        let start = std::time::Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return Some(Some(status)),
                Ok(None) if start.elapsed() < LIMIT => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Some(None);
                }
            }
        }
    });
    let Some(status) = status else {
        return Some(format!("could not run {binary}"));
    };
    let Some(status) = status else {
        return Some(format!("not finished in {} s", LIMIT.as_secs()));
    };
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let count = text
        .lines()
        .find(|l| l.contains("complete executions explored") || l.starts_with("Trace count"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|n| n.trim().parse::<u64>().ok());
    Some(match count {
        Some(count) if status.success() => format!("{} in {}", thousands(count), show(took)),
        _ => format!("failed ({status}): see `{command:?}`"),
    })
}

/// The rows of issue 25's table.
fn programs(rows: &mut Vec<Vec<String>>, notes: &mut Vec<String>) -> anyhow::Result<()> {
    for (variant, threads, iters) in [("mutex", 4, 3), ("racy", 4, 2), ("racy", 3, 2)] {
        let mut plain = Run::new(variant, threads, iters, Checker::Dpor);
        let (floor, floor_time) = timed_runs(&plain)?;
        plain.symmetry = true;
        let (sym, sym_time) = timed_runs(&plain)?;
        plain.symmetry = false;
        plain.reads_from = true;
        let (rf, rf_time) = timed_runs(&plain)?;
        if floor.exhaustive && rf.exhaustive && !crate::orbits::same_outcomes(&rf, &floor) {
            notes.push(format!(
                "counter {variant} {threads} x {iters}: reads-from DIFFERS from the floor (a bug)"
            ));
        }
        let dfs = Run::new(variant, threads, iters, Checker::Dfs).report()?;
        let loom = Run::new(variant, threads, iters, Checker::Loom).report()?;
        if floor.exhaustive && !crate::orbits::same(&sym, &floor) {
            notes.push(format!(
                "counter {variant} {threads} x {iters}: symmetry DIFFERS from the floor (a bug)"
            ));
        }
        let anchors = ["GENMC", "NIDHUGG"]
            .map(|tool| anchor(tool, variant, threads, iters).unwrap_or_else(|| "—".into()));
        rows.push(vec![
            format!("counter {variant} {threads} x {iters}"),
            format!("{} in **{}**", executions(&sym), show(sym_time)),
            sym.classes.map_or("—".into(), thousands),
            format!("{} in {}", executions(&floor), show(floor_time)),
            format!("{} in {}", executions(&rf), show(rf_time)),
            format!("{} in {}", executions(&dfs.0), show(dfs.1)),
            format!("{} in {}", executions(&loom.0), show(loom.1)),
            anchors[0].clone(),
            anchors[1].clone(),
        ]);
    }
    Ok(())
}

/// Increments nobody reads back: the counter's `add` against `atomic`'s `fetch_add`s under
/// the SC checker (the floor, no symmetry), beside GenMC and Nidhugg on `atomic_counter.c`.
fn commuting(notes: &mut Vec<String>) -> anyhow::Result<String> {
    let mut rows = Vec::new();
    for (threads, iters) in [(4, 3), (3, 2)] {
        let (add, add_time) = timed_runs(&Run::new("add", threads, iters, Checker::Dpor))?;
        let atomic = Run::new("atomic", threads, iters, Checker::Dpor);
        let (fetch, fetch_time) = timed_runs(&atomic)?;
        if add.exhaustive && fetch.exhaustive && !crate::orbits::same_outcomes(&add, &fetch) {
            notes.push(format!(
                "counter add {threads} x {iters}: its outcomes DIFFER from atomic's (a bug)"
            ));
        }
        let anchors = ["GENMC", "NIDHUGG"]
            .map(|tool| anchor(tool, "add", threads, iters).unwrap_or_else(|| "—".into()));
        rows.push(vec![
            format!("counter {threads} x {iters}"),
            format!("{} in **{}**", executions(&add), show(add_time)),
            format!("{} in {}", executions(&fetch), show(fetch_time)),
            anchors[0].clone(),
            anchors[1].clone(),
        ]);
    }
    let mut out = format!(
        "\nIncrements nobody reads back (`Cell::add`, a `fetch_add` that returns nothing) commute: \
         the counter's `add` fix (`racelab explore counter --variant add --no-symmetry`) \
         against its `atomic` fix, whose `fetch_add`s the SC checker orders every way; GenMC \
         and Nidhugg on `atomic_counter.c`, whose `atomic_fetch_add`s' results go unused \
         (GenMC without its symmetry reduction, Nidhugg in its plain SC mode). Medians of \
         {REPS} runs (one for GenMC and Nidhugg).\n\n"
    );
    out.push_str(&table(
        &[
            "program",
            "SC checker, add",
            "SC checker, atomic (fetch_add)",
            "GenMC, fetch_add",
            "Nidhugg, fetch_add",
        ],
        &rows,
    ));
    out.push('\n');
    Ok(out)
}

/// `--jobs 2` against `--jobs 1` on `run` (the counter at `what`), alternating.
fn jobs(mut run: Run, what: &str) -> anyhow::Result<String> {
    let (mut one, mut two) = (Vec::new(), Vec::new());
    let mut same = true;
    for _ in 0..REPS {
        run.jobs = Some(1);
        eprintln!("beyond: {}", run.command());
        let (a, t1) = run.report()?;
        run.jobs = Some(2);
        eprintln!("beyond: {}", run.command());
        let (b, t2) = run.report()?;
        one.push(t1);
        two.push(t2);
        same &= a.outcomes == b.outcomes
            && a.executions == b.executions
            && a.counterexample == b.counterexample;
    }
    let (one, two) = (median(&one), median(&two));
    let speedup = one.as_secs_f64() / two.as_secs_f64().max(1e-9);
    run.jobs = Some(2);
    Ok(format!(
        "- `--jobs 2` against `--jobs 1` on {what}, median of {REPS} alternating runs: {} \
         against {}, **{speedup:.2}x** (`{}`). The same outcome table, executions and \
         counterexample: {}.\n",
        show(two),
        show(one),
        run.command(),
        if same { "yes" } else { "NO (a bug)" }
    ))
}

/// `--jobs 2` against `--jobs 1`: on the largest proof of the floor, and on the two rows with
/// symmetry.
fn every_core() -> anyhow::Result<String> {
    let floor = Run::new("mutex", 4, 3, Checker::Dpor);
    let mut out = jobs(
        floor,
        "the mutex counter at 4 x 3 without symmetry (369,600 classes)",
    )?;
    for (variant, threads, iters) in [("mutex", 4, 3), ("racy", 4, 2)] {
        let mut run = Run::new(variant, threads, iters, Checker::Dpor);
        run.symmetry = true;
        let what = format!("the {variant} counter at {threads} x {iters} with symmetry");
        out.push_str(&jobs(run, &what)?);
    }
    Ok(out)
}

/// Four shards merged against the unsharded run.
fn shards() -> anyhow::Result<String> {
    let mut out = String::new();
    for (variant, threads, iters) in [("racy", 3, 2), ("mutex", 4, 3)] {
        let mut run = Run::new(variant, threads, iters, Checker::Dpor);
        run.symmetry = true;
        let (whole, _) = run.report()?;
        let mut parts = Vec::new();
        let mut times = Vec::new();
        for index in 1..=4 {
            run.shard = Some(Shard { index, count: 4 });
            run.jobs = Some(1);
            eprintln!("beyond: {} --shard {index}/4", run.command());
            let (part, took) = run.report()?;
            times.push(show(took));
            parts.push(part);
        }
        let merged = merge(parts)?;
        let same = merged.outcomes == whole.outcomes && merged.executions == whole.executions;
        out.push_str(&format!(
            "- counter {variant} {threads} x {iters}, 4 shards (`--shard I/4`, times {}), merged \
             (`racelab merge`): {} executions ({} redundant), exhaustive: {}; the unsharded run: \
             {} executions. The same outcomes and executions: {}.\n",
            times.join(", "),
            thousands(merged.executions),
            merged.redundant.unwrap_or(0),
            merged.exhaustive,
            thousands(whole.executions),
            if same { "yes" } else { "NO (a bug)" }
        ));
    }
    Ok(out)
}

/// Measures the section.
pub fn run() -> anyhow::Result<Section> {
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    programs(&mut rows, &mut notes)?;
    let mut body = format!(
        "The counter programs of issue 25, under racelab's SC checker with thread symmetry (the \
         default for `racelab explore`: one execution per orbit of classes under renaming the \
         threads, the counter's threads being alike) and without (`--no-symmetry`: one \
         execution per Mazurkiewicz class, the floor), beside shuttle's DFS and loom; and \
         GenMC and Nidhugg on the C versions in `../shared/anchors` where their binaries are \
         given (`GENMC=... NIDHUGG=... make bench`), each in SC mode and its best reduction: \
         GenMC's symmetry reduction on the mutex counter (`mutex_sym4.c`; the racy counters \
         without it), Nidhugg's reads-from equivalence (`--rf`). Times are medians of {REPS} \
         runs (one run for GenMC and Nidhugg); every exploration stops after {} s. *classes* \
         is how many Mazurkiewicz classes the orbits stand for, computed by the checker \
         itself: it must equal the floor's executions. *reads-from* is `--reads-from` (one \
         execution per class of executions whose loads, and the final value of the counter, \
         read from the same stores; no symmetry with it): the anchors' C programs read no \
         final value, so Nidhugg's classes are fewer than racelab's, which must keep the final \
         counter apart. The mutex counter has as many classes of either kind.\n\n",
        LIMIT.as_secs()
    );
    body.push_str(&table(
        &[
            "program",
            "SC checker, symmetry",
            "classes",
            "SC checker, floor",
            "SC checker, reads-from",
            "shuttle DFS",
            "loom",
            "GenMC",
            "Nidhugg, reads-from",
        ],
        &rows,
    ));
    body.push('\n');
    if std::env::var("GENMC").is_err() || std::env::var("NIDHUGG").is_err() {
        body.push_str(
            "- GenMC and Nidhugg were not given here (`—`): `../shared/anchors/build.sh` builds \
             them (about 25 minutes); their figures on this machine are in that directory's \
             README.\n",
        );
    }
    let commuting = commuting(&mut notes)?;
    for note in &notes {
        body.push_str(&format!("- {note}\n"));
    }
    body.push_str(&commuting);
    body.push_str(&every_core()?);
    body.push_str(&shards()?);
    Ok(Section {
        title: "Proofs beyond the floor: symmetry, reads-from, every core, several machines".into(),
        body,
    })
}
