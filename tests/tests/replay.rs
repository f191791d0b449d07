//! Replay: the token of a counterexample reproduces its trace exactly.

use crate::common::json;

#[test]
fn a_random_schedule_token_replays_the_same_trace() {
    for checker in ["random", "pct", "dfs", "loom"] {
        let found = json(
            &[
                "explore",
                "counter",
                "--checker",
                checker,
                "--iters",
                "3",
                "--max-executions",
                "2000",
            ],
            1,
        );
        let cx = &found["counterexample"];
        let token = cx["replay"].as_str().expect("a replay token");
        let again = json(
            &[
                "replay",
                "counter",
                "--variant",
                "racy",
                "--schedule",
                token,
            ],
            1,
        );
        assert_eq!(again["executions"], 1);
        assert_eq!(again["counterexample"]["steps"], cx["steps"], "{checker}");
        assert_eq!(again["counterexample"]["replay"], cx["replay"]);
    }
}
