//! The memory-ordering labs through the CLI: the variant's orderings choose the checker, and a
//! checker asked for by name says what it cannot see or where it raises a false alarm.

use crate::common::{json, racelab};

#[test]
fn weak_variants_are_judged_by_loom_and_seqcst_ones_by_the_sc_checker() {
    for (lab, variant, checker, code) in [
        ("publish", "relaxed", "loom", 1),
        ("publish", "release-acquire", "loom", 0),
        ("publish", "seqcst", "dpor", 0),
        ("dekker", "relaxed", "loom", 1),
        ("dekker", "release-acquire", "loom", 1),
        ("dekker", "seqcst", "dpor", 0),
        ("dekker", "seqcst-fence", "loom", 0),
    ] {
        let report = json(&["explore", lab, "--variant", variant], code);
        assert_eq!(report["checker"], checker, "{lab} {variant}");
        assert_eq!(
            report["chosen_because"].is_string(),
            checker == "loom",
            "{lab} {variant}"
        );
        if checker == "dpor" {
            assert_eq!(report["exhaustive"], true, "{lab} {variant}: proven");
        }
    }
}

#[test]
fn the_sc_checker_asked_for_on_relaxed_code_says_it_cannot_see_it() {
    let report = json(&["explore", "publish", "--checker", "dpor"], 2);
    assert_eq!(report["caveat"]["kind"], "cannot-see");
    assert_eq!(report["exhaustive"], false);
    assert_eq!(report["weak_orderings"][0], "Relaxed");
    let text = racelab()
        .args(["explore", "publish", "--checker", "dpor"])
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(2), "no verdict is exit 2");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("NOT A VERDICT") && !text.contains("proven"),
        "{text}"
    );
}

#[test]
fn loom_asked_for_on_seqcst_code_raises_a_false_alarm_and_racelab_says_so() {
    let report = json(
        &[
            "explore",
            "dekker",
            "--variant",
            "seqcst",
            "--checker",
            "loom",
        ],
        2,
    );
    assert_eq!(report["caveat"]["kind"], "false-alarm");
    assert!(report["violations"].as_u64().unwrap() > 0);
    let steps = report["counterexample"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["stale"] == true), "{steps:?}");
}

#[test]
fn weak_steps_show_their_ordering_and_stale_reads_are_marked() {
    let output = racelab().args(["explore", "publish"]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("store.rlx flag <- 1"), "{text}");
    assert!(
        text.contains("load.rlx data -> 0") && text.contains("<- stale"),
        "{text}"
    );
    assert!(text.contains("rlx = Relaxed"), "{text}");
}
