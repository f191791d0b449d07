//! The lesson, in a few sentences drawn from what was measured on this machine: which model won
//! each workload, and why. Every claim is checked against the figures before it is said.

use crate::models::pool_size;
use crate::report::{Kitchen, Workload};

/// A speedup of at most this is "no faster than one chef".
const NO_GAIN: f64 = 1.3;

/// The sentences, one workload after another.
pub fn lesson(kitchen: &Kitchen) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(load) = kitchen.load_before.filter(|&l| busy(l, kitchen.cores)) {
        out.push(format!(
            "The machine was busy: its load average over the last minute was {load:.1} on {} cores when the kitchen \
             started, so every figure below is slower and noisier than on an idle machine.",
            kitchen.cores
        ));
    }
    for workload in &kitchen.workloads {
        match workload.work.as_str() {
            "cpu" => cpu(workload, kitchen.cores, kitchen.repeats, &mut out),
            _ => io(workload, kitchen.tasks, kitchen.repeats, &mut out),
        }
    }
    out
}

fn speedup(workload: &Workload, model: &str) -> f64 {
    workload.run(model).map_or(0.0, |r| r.speedup)
}

/// Whether a load average means other work competed for the cores.
fn busy(load: f64, cores: usize) -> bool {
    load > 0.5 * cores as f64
}

/// The fastest model, said as the repeats allow: "threads won (2.0x, 1.9x to 2.0x over 3
/// runs)" only when its slowest run beat every other model's fastest; otherwise the models
/// whose spreads overlap the fastest's, "within noise of each other".
fn winner(workload: &Workload, repeats: usize) -> String {
    let Some(best) = (workload.runs.iter()).max_by(|a, b| a.speedup.total_cmp(&b.speedup)) else {
        return "nothing ran".into();
    };
    if repeats < 2 {
        return format!(
            "{} was fastest ({:.1}x) in one run; one run cannot tell a win from noise \
             (--repeats 3 can)",
            best.model, best.speedup
        );
    }
    let (low, _) = best.spread();
    let near: Vec<&crate::Run> = (workload.runs.iter())
        .filter(|r| r.spread().1 >= low)
        .collect();
    let (lo, hi) = (near.iter().map(|r| r.spread()))
        .fold((f64::MAX, 0.0f64), |(lo, hi), (l, h)| {
            (lo.min(l), hi.max(h))
        });
    if near.len() == 1 {
        format!(
            "{} won ({:.1}x; {lo:.2}x to {hi:.2}x over {repeats} runs, and every other model's \
             best was slower)",
            best.model, best.speedup
        )
    } else {
        let names: Vec<&str> = near.iter().map(|r| r.model.as_str()).collect();
        format!(
            "{} were within noise of each other ({lo:.2}x to {hi:.2}x over {repeats} runs)",
            names.join(", ")
        )
    }
}

fn cpu(w: &Workload, cores: usize, repeats: usize, out: &mut Vec<String>) {
    let parallel = ["threads", "thread-pool", "processes", "process-pool"];
    let serial = ["one-chef", "async", "gil-threads"];
    let slowest_parallel = (parallel.iter())
        .filter_map(|m| w.run(m))
        .fold(f64::MAX, |lo, r| lo.min(r.spread().0));
    let fastest_serial = (serial.iter())
        .filter_map(|m| w.run(m))
        .fold(0.0f64, |hi, r| hi.max(r.spread().1));
    let why = if slowest_parallel > fastest_serial && slowest_parallel > NO_GAIN {
        format!(
            "Computing needs a core the whole time, so only parallelism helps: with {cores} \
             cores, at most {cores} chefs cook at once, and every parallel model beat every \
             serial one in every run."
        )
    } else {
        format!(
            "Computing needs a core the whole time, so only parallelism can help, and here the \
             parallel models did not pull clear of the serial ones ({slowest_parallel:.1}x at \
             their slowest against {fastest_serial:.1}x): the machine was busy, or the tasks too \
             short for their start-up."
        )
    };
    out.push(format!("CPU-bound work: {}. {why}", winner(w, repeats)));
    let (low, high) = parallel
        .iter()
        .map(|m| speedup(w, m))
        .fold((f64::MAX, 0.0f64), |(lo, hi), s| (lo.min(s), hi.max(s)));
    if cores > 1 && low > NO_GAIN {
        out.push(format!(
            "Threads, the thread pool and processes all ran in parallel: {low:.1}x to {high:.1}x. \
             Rust has no GIL, so its threads use every core, as Python's processes do."
        ));
    } else if cores > 1 {
        out.push(format!(
            "The parallel models reached only {low:.1}x to {high:.1}x here."
        ));
    }
    for (model, why) in [
        (
            "async",
            "one OS thread, and a computation never awaits, so the tasks ran one after another",
        ),
        (
            "gil-threads",
            "only the thread holding the global lock computes, as in CPython: one chef at the \
             stove at a time",
        ),
    ] {
        let s = speedup(w, model);
        if s <= NO_GAIN {
            out.push(format!("{model} stayed at {s:.1}x: {why}."));
        } else {
            out.push(format!(
                "{model} reached {s:.1}x, more than expected ({why})."
            ));
        }
    }
}

fn io(w: &Workload, tasks: usize, repeats: usize, out: &mut Vec<String>) {
    out.push(format!(
        "I/O-bound work: {}. Waiting needs no core, so concurrency is enough: every model \
         that lets the {tasks} tasks wait at the same time is fast, on any number of cores.",
        winner(w, repeats)
    ));
    let (threads, async_, gil) = (
        speedup(w, "threads"),
        speedup(w, "async"),
        speedup(w, "gil-threads"),
    );
    out.push(format!(
        "threads {threads:.1}x, async {async_:.1}x on one thread, gil-threads {gil:.1}x: the GIL \
         is released while a thread waits, which is why Python's threads are fine for I/O."
    ));
    let pool = pool_size();
    if pool < tasks {
        out.push(format!(
            "thread-pool {:.1}x: its {pool} threads (min(32, cores + 4)) wait for {pool} tasks \
             at a time, so {tasks} tasks take {} rounds.",
            speedup(w, "thread-pool"),
            tasks.div_ceil(pool)
        ));
    }
    let pool_map = speedup(w, "process-pool");
    if pool_map < threads / 1.5 {
        out.push(format!(
            "process-pool {pool_map:.1}x: one process per core, each waiting for its share of the \
             tasks one after another: a pool sized for computing is the wrong tool for waiting."
        ));
    }
    let (processes, threads_ms) = (
        w.run("processes").map_or(0.0, |r| r.wall_ms),
        w.run("threads").map_or(0.0, |r| r.wall_ms),
    );
    if processes > threads_ms {
        out.push(format!(
            "processes {:.1}x: starting {tasks} processes cost {:.0} ms more than starting {tasks} \
             threads.",
            speedup(w, "processes"),
            processes - threads_ms
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Kitchen, Run, Workload};

    /// A workload whose models' median speedups are `speedups`, each measured three times
    /// within `noise` (a fraction) of its median.
    fn workload(work: &str, speedups: [f64; 7], noise: f64) -> Workload {
        let runs = (crate::Model::ALL.iter().zip(speedups))
            .map(|(model, speedup)| Run {
                model: model.id().into(),
                wall_ms: 400.0 / speedup,
                cpu_ms: 400.0,
                cores_busy: 1.0,
                speedup,
                speedups: vec![speedup * (1.0 - noise), speedup, speedup * (1.0 + noise)],
                tasks_run: 8,
                checksum_ok: true,
            })
            .collect();
        Workload {
            work: work.into(),
            task_ms: 50,
            units: 1,
            runs,
        }
    }

    fn kitchen(cpu: [f64; 7], io: [f64; 7], noise: f64) -> Kitchen {
        Kitchen {
            schema: crate::SCHEMA.into(),
            cores: 2,
            tasks: 8,
            repeats: 3,
            load_before: Some(0.1),
            workloads: vec![workload("cpu", cpu, noise), workload("io", io, noise)],
        }
    }

    fn said(cpu: [f64; 7], io: [f64; 7]) -> String {
        lesson(&kitchen(cpu, io, 0.02)).join("\n")
    }

    #[test]
    fn the_lesson_says_what_was_measured() {
        let text = said(
            [1.0, 2.0, 2.0, 1.9, 2.0, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 2.0, 7.8, 7.9],
        );
        assert!(
            text.contains("threads, thread-pool, process-pool were within noise"),
            "{text}"
        );
        assert!(text.contains("only parallelism helps"), "{text}");
        assert!(text.contains("async stayed at 1.0x"), "{text}");
        assert!(text.contains("gil-threads stayed at 1.0x"), "{text}");
        assert!(
            text.contains("threads, async, gil-threads were within noise"),
            "{text}"
        );
        assert!(text.contains("process-pool 2.0x"), "{text}");
        assert!(!text.contains("busy"), "an idle machine: {text}");
    }

    #[test]
    fn a_winner_is_named_only_beyond_the_spread_of_the_runs() {
        let clear = said(
            [1.0, 2.0, 1.5, 1.5, 1.5, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 2.0, 6.0, 6.0],
        );
        assert!(
            clear.contains("CPU-bound work: threads won (2.0x"),
            "{clear}"
        );
        assert!(
            clear.contains("I/O-bound work: threads won (7.9x"),
            "{clear}"
        );
        let noisy = lesson(&kitchen(
            [1.0, 2.0, 1.5, 1.5, 1.5, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 2.0, 6.0, 6.0],
            0.3,
        ))
        .join("\n");
        assert!(!noisy.contains(" won ("), "{noisy}");
        assert!(noisy.contains("within noise"), "{noisy}");
        let mut once = kitchen(
            [1.0, 2.0, 1.5, 1.5, 1.5, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 2.0, 6.0, 6.0],
            0.0,
        );
        once.repeats = 1;
        let once = lesson(&once).join("\n");
        assert!(
            once.contains("one run cannot tell a win from noise"),
            "{once}"
        );
    }

    #[test]
    fn parallelism_is_said_to_help_only_where_it_beat_every_serial_run() {
        let busy = said(
            [1.0, 1.1, 1.1, 1.0, 1.1, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 7.5, 7.8, 7.9],
        );
        assert!(!busy.contains("only parallelism helps"), "{busy}");
        assert!(busy.contains("did not pull clear"), "{busy}");
        assert!(!busy.contains(" won ("), "{busy}");
    }

    #[test]
    fn a_busy_machine_is_said_to_be_busy() {
        let mut busy = kitchen(
            [1.0, 2.0, 2.0, 1.9, 2.0, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 2.0, 7.8, 7.9],
            0.02,
        );
        busy.load_before = Some(3.5);
        let text = lesson(&busy).join("\n");
        assert!(
            text.starts_with("The machine was busy: its load average over the last minute was 3.5"),
            "{text}"
        );
    }

    #[test]
    fn a_figure_against_the_rule_is_not_hidden() {
        let text = said(
            [1.0, 1.1, 1.1, 1.0, 1.1, 1.6, 1.0],
            [1.0, 7.9, 4.0, 7.0, 7.5, 7.8, 7.9],
        );
        assert!(text.contains("reached only"), "{text}");
        assert!(
            text.contains("async reached 1.6x, more than expected"),
            "{text}"
        );
        assert!(!text.contains("process-pool 7.5x"), "{text}");
    }
}
