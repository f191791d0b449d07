//! The lesson, in a few sentences drawn from what was measured on this machine: which model won
//! each workload, and why. Every claim is checked against the figures before it is said.

use crate::models::pool_size;
use crate::report::{Kitchen, Workload};

/// A speedup of at most this is "no faster than one chef".
const NO_GAIN: f64 = 1.3;

/// The sentences, one workload after another.
pub fn lesson(kitchen: &Kitchen) -> Vec<String> {
    let mut out = Vec::new();
    for workload in &kitchen.workloads {
        match workload.work.as_str() {
            "cpu" => cpu(workload, kitchen.cores, &mut out),
            _ => io(workload, kitchen.tasks, &mut out),
        }
    }
    out
}

fn speedup(workload: &Workload, model: &str) -> f64 {
    workload.run(model).map_or(0.0, |r| r.speedup)
}

/// The fastest model, or the models within 5% of it: "threads, async (7.9x)".
fn winner(workload: &Workload) -> String {
    let best = (workload.runs.iter()).fold(0.0f64, |m, r| m.max(r.speedup));
    let near: Vec<&str> = (workload.runs.iter())
        .filter(|r| r.speedup >= 0.95 * best)
        .map(|r| r.model.as_str())
        .collect();
    let verb = if near.len() > 1 { "tied" } else { "won" };
    format!("{} {verb} ({best:.1}x)", near.join(", "))
}

fn cpu(w: &Workload, cores: usize, out: &mut Vec<String>) {
    out.push(format!(
        "CPU-bound work: {}. Computing needs a core the whole time, so only parallelism helps: \
         with {cores} cores, at most {cores} chefs cook at once.",
        winner(w)
    ));
    let parallel = ["threads", "thread-pool", "processes", "process-pool"];
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
            "The parallel models reached only {low:.1}x to {high:.1}x here: the machine was busy, \
             or the tasks too short for their start-up."
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

fn io(w: &Workload, tasks: usize, out: &mut Vec<String>) {
    out.push(format!(
        "I/O-bound work: {}. Waiting needs no core, so concurrency is enough: every model \
         that lets the {tasks} tasks wait at the same time is fast, on any number of cores.",
        winner(w)
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

    fn workload(work: &str, speedups: [f64; 7]) -> Workload {
        let runs = (crate::Model::ALL.iter().zip(speedups))
            .map(|(model, speedup)| Run {
                model: model.id().into(),
                wall_ms: 400.0 / speedup,
                cpu_ms: 400.0,
                cores_busy: 1.0,
                speedup,
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

    fn said(cpu: [f64; 7], io: [f64; 7]) -> String {
        let kitchen = Kitchen {
            schema: crate::SCHEMA.into(),
            cores: 2,
            tasks: 8,
            workloads: vec![workload("cpu", cpu), workload("io", io)],
        };
        lesson(&kitchen).join("\n")
    }

    #[test]
    fn the_lesson_says_what_was_measured() {
        let text = said(
            [1.0, 2.0, 2.0, 1.9, 2.0, 1.0, 1.0],
            [1.0, 7.9, 4.0, 7.0, 2.0, 7.8, 7.9],
        );
        assert!(
            text.contains("threads, thread-pool, processes, process-pool tied (2.0x)"),
            "{text}"
        );
        assert!(text.contains("async stayed at 1.0x"), "{text}");
        assert!(text.contains("gil-threads stayed at 1.0x"), "{text}");
        assert!(
            text.contains("threads, async, gil-threads tied (7.9x)"),
            "{text}"
        );
        assert!(text.contains("process-pool 2.0x"), "{text}");
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
