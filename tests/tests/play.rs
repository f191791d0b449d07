//! `racelab play`: transcripts of scripted games (snapshots), exit codes, the replay token, and
//! the game checked against racelab's SC checker: every ending is an outcome the checker
//! reaches, and following the hints breaks a racy variant in the checker's fewest preemptions.

use crate::common::racelab;
use racelab::play::game::Hint;
use racelab_core::explore::dpor::play::{Next, Played};
use racelab_core::explore::ExploreRequest;
use racelab_core::{AnyLab, Checker, Params, State};
use std::collections::BTreeSet;
use std::process::Output;

fn play(args: &[&str]) -> Output {
    racelab().arg("play").args(args).output().unwrap()
}

/// The transcript of a game that ends with exit `code`; every line but the replay command fits
/// in 80 columns, and nothing is coloured (NO_COLOR).
fn transcript(args: &[&str], code: i32) -> String {
    let output = play(args);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!stdout.contains('\x1b'), "NO_COLOR: {stdout}");
    for line in stdout.lines().filter(|l| !l.contains("racelab replay")) {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    stdout
}

/// The text with every run of white space as one space (sentences are wrapped at 80 columns).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn breaking_the_bank_exits_1_with_the_overdraft_and_a_token_that_replays_it() {
    let text = transcript(&["bank", "--moves", "1,2,2,2,1,1"], 1);
    insta::assert_snapshot!("play_bank_overdraft", text);
    assert!(words(&text).contains("You broke it: overdraft"), "{text}");
    let token = text
        .split_whitespace()
        .find(|w| w.starts_with("sc1:"))
        .expect("a replay token");
    let replayed = crate::common::json(&["replay", "bank", "--schedule", token], 1);
    let state = &replayed["counterexample"]["state"];
    assert_eq!(state["balance"], -60, "{replayed}");
    assert_eq!(state["paid"], 160, "{replayed}");
}

#[test]
fn the_mutex_counter_holds_and_says_it_is_proven() {
    let text = transcript(&["counter", "--variant", "mutex", "--moves", "1,1,1,1"], 0);
    insta::assert_snapshot!("play_counter_mutex", text);
    let words = words(&text);
    assert!(words.contains("The invariant held: counter 4."), "{text}");
    assert!(words.contains("proven it for every interleaving"), "{text}");
}

#[test]
fn a_deadlock_wins_the_transfer_game() {
    let text = transcript(&["transfer", "--moves", "1,2"], 1);
    insta::assert_snapshot!("play_transfer_deadlock", text);
}

#[test]
fn async_tasks_switch_only_at_awaits() {
    let text = transcript(&["async-bank", "--moves", "1,2,1,2"], 1);
    insta::assert_snapshot!("play_async_bank", text);
}

#[test]
fn a_game_that_holds_on_a_racy_variant_says_how_many_interleavings_break_it() {
    let text = transcript(&["bank", "--moves", "1,1,1"], 0);
    assert!(
        words(&text).contains("But 4 of the 6 distinct interleavings"),
        "{text}"
    );
}

#[test]
fn the_moves_can_come_on_stdin() {
    let output = racelab()
        .args(["play", "bank"])
        .write_stdin("1 2\n2 2\n1 1\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("You broke it: overdraft"));
}

#[test]
fn bad_moves_exit_2_and_say_which_and_why() {
    for (args, says) in [
        (
            vec!["bank", "--variant", "mutex", "--moves", "1,2"],
            "move 2 (thread 2): thread 2 waits for lock account, held by thread 1",
        ),
        (
            vec!["bank", "--moves", "1,1,1,1"],
            "move 4 (thread 1): thread 1 has finished",
        ),
        (vec!["bank", "--moves", "1,3"], "move 2 is '3'"),
        (vec!["bank", "--moves", "1,x"], "move 2 is 'x'"),
        (
            vec!["transfer", "--moves", "1,2,1"],
            "the game is over after move 2",
        ),
        (vec!["bank", "--threads", "10"], "1 to 8 threads"),
        (vec!["counter", "--iters", "100000"], "at most 20"),
        (vec!["processes"], "nothing to play"),
        (vec!["bank", "--variant", "nope"], "nope"),
    ] {
        let output = play(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

fn lab(id: &str) -> &'static dyn AnyLab {
    racelab_labs::find(id).unwrap()
}

fn sized(lab: &dyn AnyLab) -> Params {
    let info = lab.info();
    Params::sized(info, info.model_sizes.threads, info.model_sizes.iters)
}

/// A small deterministic generator, so that the games are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Random games on every variant of every model-checked lab: each ends in a state that the SC
/// checker reaches, judged the same way.
#[test]
fn every_game_ends_in_an_outcome_the_checker_reaches() {
    let mut random = Lcg(7);
    for lab in racelab_labs::all().filter(|l| l.info().model_checked) {
        let info = lab.info();
        let params = sized(lab);
        for variant in info.variants {
            let request = ExploreRequest::new(variant.name, params.clone(), Checker::Dpor);
            let report = lab.explore(&request).unwrap();
            let reached: BTreeSet<(State, String)> = report
                .outcomes
                .iter()
                .map(|o| (o.state.clone(), o.verdict.clone()))
                .collect();
            for _ in 0..8 {
                let mut moves = Vec::new();
                let ending = loop {
                    match lab.play(variant.name, &params, &moves).unwrap() {
                        Played::Over(ending) => break ending,
                        Played::Refused { reason, .. } => panic!("{moves:?}: {reason}"),
                        Played::Paused(position) => {
                            let movable: Vec<usize> = (position.threads.iter())
                                .filter(|(_, n)| matches!(n, Next::Step { .. }))
                                .map(|(t, _)| *t)
                                .collect();
                            assert!(!movable.is_empty(), "{}: paused, none can move", info.id);
                            moves.push(movable[random.below(movable.len())]);
                        }
                    }
                };
                let verdict = racelab_core::verdict_of(&ending.violations);
                assert!(
                    reached.contains(&(ending.state.clone(), verdict.clone())),
                    "{} {}: {moves:?} ends in {:?} {verdict}, which the checker never reaches: \
                     {reached:?}",
                    info.id,
                    variant.name,
                    ending.state
                );
            }
        }
    }
}

/// From the start, following the hints breaks every racy variant that the SC checker breaks, in
/// exactly the checker's fewest preemptions.
#[test]
fn following_the_hints_breaks_it_in_the_fewest_preemptions() {
    for id in ["counter", "bank", "transfer", "async-bank", "pool"] {
        let lab = lab(id);
        let params = sized(lab);
        let variant = lab.info().variants[0].name;
        let request = ExploreRequest::new(variant, params.clone(), Checker::Dpor);
        let simplest = lab.explore(&request).unwrap().counterexample.unwrap();
        let (mut game, _) =
            racelab::play::game::Game::new(lab, variant.to_string(), params).unwrap();
        let ending = loop {
            match game.position().unwrap() {
                Played::Over(ending) => break ending,
                Played::Paused(_) => {
                    let Hint::Press { thread, .. } = game.hint().unwrap() else {
                        panic!("{id}: no hint while it can break");
                    };
                    game.play(thread).unwrap().unwrap();
                }
                Played::Refused { reason, .. } => panic!("{id}: {reason}"),
            }
        };
        assert!(!ending.violations.is_empty(), "{id}: the hints broke it");
        assert_eq!(ending.preemptions, simplest.preemptions, "{id}");
    }
}

/// `racelab play <lab>` in a pseudo-terminal, without colour.
fn in_a_terminal(lab: &str) -> rexpect::session::PtySession {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_racelab-under-test"));
    command.args(["play", lab]).env("NO_COLOR", "1");
    rexpect::session::spawn_command(command, Some(60_000)).unwrap()
}

/// Presses `key` and waits until the screen shows `then`.
fn press(game: &mut rexpect::session::PtySession, key: &str, then: &str) {
    game.send(key).unwrap();
    game.flush().unwrap();
    game.exp_string(then).unwrap();
}

/// Waits for racelab to end, and returns its exit code.
fn exit_code(game: &mut rexpect::session::PtySession) -> i32 {
    game.exp_eof().unwrap();
    match game.process.wait().unwrap() {
        rexpect::process::wait::WaitStatus::Exited(_, code) => code,
        other => panic!("racelab did not exit normally: {other:?}"),
    }
}

/// The real game in a pseudo-terminal: a person presses keys, reads the screen, is refused an
/// impossible move, asks for help and a hint, breaks the bank, undoes, and quits.
#[test]
fn a_person_breaks_the_bank_in_a_terminal() {
    let mut game = in_a_terminal("bank");
    game.exp_string("t1 next: load balance    11 | if account.balance.load(cx)")
        .unwrap();
    game.exp_string("u undo").unwrap();
    press(&mut game, "1", "move 1");
    press(&mut game, "9", "refused: there is no thread 9");
    press(&mut game, "?", "You are the scheduler");
    press(&mut game, "h", "hint: press");
    for (key, moves) in [
        ("2", "move 2"),
        ("2", "move 3"),
        ("2", "move 4"),
        ("1", "move 5"),
    ] {
        press(&mut game, key, moves);
    }
    press(&mut game, "1", "You broke it: overdraft");
    game.exp_string("racelab replay bank --schedule sc1:")
        .unwrap();
    press(&mut game, "u", "move 5");
    press(&mut game, "1", "You broke it: overdraft");
    game.send("q").unwrap();
    game.flush().unwrap();
    assert_eq!(exit_code(&mut game), 1);
}

/// Ctrl-C ends the game and gives the terminal back (raw mode is not left on).
#[test]
fn ctrl_c_ends_the_game() {
    let mut game = in_a_terminal("counter");
    game.exp_string("t1 next: load counter").unwrap();
    game.send_control('c').unwrap();
    assert_eq!(exit_code(&mut game), 0);
}

/// On a fix the hint finds no break, having tried every move within its preemption bound.
#[test]
fn the_hint_finds_no_break_in_a_fix() {
    for (id, variant) in [
        ("counter", "mutex"),
        ("transfer", "ordered"),
        ("bank", "cas"),
    ] {
        let lab = lab(id);
        let (game, _) =
            racelab::play::game::Game::new(lab, variant.to_string(), sized(lab)).unwrap();
        assert_eq!(game.hint().unwrap(), Hint::NoneWithin(3), "{id} {variant}");
    }
}
