//! `racelab play <lab>`: be the scheduler, in a terminal or from a list of moves.

use crate::args::PlayArgs;
use crate::play::{game::Game, script, terminal};
use racelab_core::{Error, Params};
use racelab_labs as labs;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

/// The most threads a game has: one key each.
const MAX_THREADS: usize = 8;
/// The most iterations per thread: a game is played by hand, one step at a time.
const MAX_ITERS: u64 = 20;

/// Starts a game: interactive on a terminal, else from `--moves` or the moves on stdin.
pub fn run(args: &PlayArgs, given: &BTreeMap<String, i64>) -> anyhow::Result<ExitCode> {
    let lab = labs::find(&args.lab)?;
    let info = lab.info();
    if !info.model_checked {
        return Err(Error::BadInput(format!(
            "the {} lab runs only on real processes, one at a time from the operating system's \
             scheduler: there is nothing to play; try `racelab play bank`",
            info.id
        ))
        .into());
    }
    let sizes = info.model_sizes;
    let threads = args.threads.unwrap_or(sizes.threads);
    if !(1..=MAX_THREADS).contains(&threads) {
        return Err(Error::BadInput(format!(
            "--threads {threads}: a game has 1 to {MAX_THREADS} threads, one key each"
        ))
        .into());
    }
    let iters = args.iters.unwrap_or(sizes.iters);
    if iters > MAX_ITERS {
        return Err(Error::BadInput(format!(
            "--iters {iters}: a game is played by hand, one step at a time; use at most \
             {MAX_ITERS} (racelab explore covers bigger sizes)"
        ))
        .into());
    }
    let params = Params::resolve(info, threads, iters, given)?;
    let variant = args
        .variant
        .clone()
        .unwrap_or_else(|| info.variants[0].name.to_string());
    info.find_variant(&variant)?;
    let moves = match &args.moves {
        Some(text) => Some(script::parse_moves(text, threads)?),
        None if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() => None,
        None => {
            if std::io::stdin().is_terminal() {
                eprintln!(
                    "racelab: no terminal to draw the game on: type the moves (thread numbers), \
                     then Ctrl-D"
                );
            }
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::BadInput(format!("cannot read the moves on stdin: {e}")))?;
            Some(script::parse_moves(&text, threads)?)
        }
    };
    let (mut game, _) = Game::new(lab, variant, params)?;
    match moves {
        Some(moves) => script::run(&mut game, &moves),
        None => terminal::run(&mut game),
    }
}
