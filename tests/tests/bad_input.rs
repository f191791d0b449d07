//! Bad input: one clear line on stderr, exit 2, never a panic.

use crate::common::refused;

#[test]
fn unknown_lab_names_the_labs() {
    let err = refused(&["explore", "no-such-lab"]);
    assert!(
        err.contains("unknown lab 'no-such-lab'") && err.contains("counter"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unknown_variant_names_the_variants() {
    for command in ["run", "explore"] {
        let err = refused(&[command, "counter", "--variant", "nope"]);
        assert!(err.contains("racy, atomic, add, mutex, local"), "{err}");
    }
}

#[test]
fn thread_and_iteration_counts_out_of_range_are_refused() {
    assert!(refused(&["run", "counter", "--threads", "0"]).contains("--threads 0"));
    assert!(refused(&["explore", "counter", "--threads", "0"]).contains("--threads 0"));
    assert!(refused(&["run", "counter", "--threads", "100000"]).contains("at most 64"));
    let loom = refused(&["explore", "counter", "--checker", "loom", "--threads", "5"]);
    assert!(
        loom.contains("loom") && loom.contains("at most 4"),
        "{loom}"
    );
    assert!(
        refused(&["explore", "counter", "--checker", "dfs", "--threads", "9"])
            .contains("at most 8")
    );
    assert!(refused(&["explore", "counter", "--threads", "9"]).contains("at most 8"));
    let bounded = refused(&["explore", "counter", "--max-preemptions", "1"]);
    assert!(bounded.contains("--checker dfs"), "{bounded}");
    assert!(refused(&["run", "counter", "--iters", "0"]).contains("--iters 0"));
    assert!(refused(&["run", "counter", "--iters", "1000000000000"]).contains("at most"));
    assert!(refused(&["explore", "counter", "--iters", "5000"]).contains("at most 1000"));
    assert!(refused(&["run", "counter", "--trials", "0"]).contains("--trials 0"));
}

#[test]
fn budgets_that_make_no_sense_are_refused() {
    assert!(refused(&["explore", "counter", "--time-limit", "-1"]).contains("--time-limit"));
    assert!(refused(&["explore", "counter", "--max-executions", "0"]).contains("--max-executions"));
}

#[test]
fn jobs_and_shards_that_make_no_sense_are_refused() {
    let random = ["explore", "counter", "--checker", "random"];
    assert!(refused(&[&random[..], &["--jobs", "0"]].concat()).contains("--jobs 0"));
    assert!(refused(&[&random[..], &["--jobs", "-2"]].concat()).contains("--jobs"));
    for shard in ["0/2", "3/2", "1/0", "half", "1/"] {
        assert!(refused(&[&random[..], &["--shard", shard]].concat()).contains("--shard"));
    }
    let dfs = ["explore", "counter", "--checker", "dfs", "--shard", "1/2"];
    assert!(refused(&dfs).contains("dpor, random or pct"));
}

#[test]
fn malformed_replay_tokens_are_refused() {
    for token in [
        "garbage",
        "v1:counter:racy:threads=2:a",
        "v1:counter:racy:threads=2,iters=1:!!",
    ] {
        let err = refused(&["replay", "counter", "--schedule", token]);
        assert!(err.contains("malformed replay token"), "{err}");
    }
    let err = refused(&[
        "replay",
        "counter",
        "--schedule",
        "v1:counter:racy:threads=2,iters=1:z9",
    ]);
    assert!(err.contains("does not fit"), "{err}");
    let err = refused(&[
        "replay",
        "counter",
        "--schedule",
        "v1:counter:nope:threads=2,iters=1:a",
    ]);
    assert!(err.contains("unknown variant"), "{err}");
}

#[test]
fn a_flag_given_to_the_wrong_subcommand_names_the_one_that_takes_it() {
    let err = refused(&["run", "counter", "--checker", "dpor"]);
    assert!(
        err.contains("racelab run does not take --checker; explore does"),
        "{err}"
    );
    assert!(!err.contains("-- --checker"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let err = refused(&["--color", "never", "explain", "counter", "--trials", "3"]);
    assert!(
        err.contains("explain does not take --trials; run does"),
        "{err}"
    );
    let err = refused(&["explore", "counter", "--no-such-flag"]);
    assert!(err.contains("has no option --no-such-flag"), "{err}");
}

#[test]
fn spurious_wakeups_are_only_for_the_sc_checker() {
    for checker in ["loom", "dfs", "random"] {
        let err = refused(&[
            "explore",
            "counter",
            "--checker",
            checker,
            "--spurious-wakeups",
            "1",
        ]);
        assert!(
            err.contains("--spurious-wakeups") && err.contains("dpor"),
            "{err}"
        );
    }
    assert!(refused(&["explore", "counter", "--spurious-wakeups", "-1"]).contains("-1"));
}

#[test]
fn reads_from_is_a_mode_of_the_sc_checker_on_one_thread() {
    let dfs = refused(&["explore", "counter", "--checker", "dfs", "--reads-from"]);
    assert!(
        dfs.contains("--reads-from") && dfs.contains("dpor"),
        "{dfs}"
    );
    for split in [["--jobs", "2"], ["--shard", "1/2"]] {
        let mut args = vec!["explore", "counter", "--reads-from"];
        args.extend(split);
        let err = refused(&args);
        assert!(
            err.contains("--reads-from") && err.contains(split[0]),
            "{err}"
        );
    }
}
