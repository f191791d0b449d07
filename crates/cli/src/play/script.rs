//! `racelab play --moves ...` (or moves on stdin): the game without a terminal, as a transcript.

use super::game::Game;
use super::screen;
use crate::style;
use racelab_core::explore::dpor::play::{Next, Played};
use racelab_core::trace::{Action, Step};
use racelab_core::Error;
use std::io::Write;
use std::process::ExitCode;

/// Plays `moves`, then runs each thread to its end in order, printing every move; exit 1 when
/// the game ends with the invariant broken, 0 when it held.
pub fn run(game: &mut Game, moves: &[usize]) -> anyhow::Result<ExitCode> {
    let mut out = Out::default();
    out.line(&screen::title(game));
    out.line(&format!(
        "You are the scheduler: each move runs one {}'s next step.",
        game.info.worker_one()
    ));
    out.line(&format!("{}\n", screen::goal(game)));
    let mut played = game.position()?;
    if let Played::Paused(start) = &played {
        out.line(&screen::standing(start, game));
    }
    let mut given = moves.iter().copied();
    let mut number = 0;
    let mut ran_out = false;
    let ending = loop {
        let position = match played {
            Played::Paused(position) => position,
            Played::Over(ending) => break ending,
            Played::Refused { reason, .. } => return Err(Error::Failed(reason).into()),
        };
        let thread = match given.next() {
            Some(thread) => thread,
            None => {
                if !ran_out {
                    out.line(&format!(
                        "the moves ran out: each {} runs to its end, in order",
                        game.info.worker_one()
                    ));
                    ran_out = true;
                }
                Game::in_order(&position).ok_or_else(|| {
                    Error::Failed("no thread can move, yet the game is not over".into())
                })?
            }
        };
        number += 1;
        let about = (position.threads.iter())
            .find(|(t, _)| *t == thread)
            .and_then(|(_, next)| match next {
                Next::Step {
                    word, target, line, ..
                } => Some(format!(
                    "{}{}",
                    format!("{word} {target}").trim_end(),
                    style::dim(&format!(" (line {line})"))
                )),
                _ => None,
            });
        played = match game.play(thread)? {
            Ok(next) => next,
            Err(reason) => {
                return Err(Error::BadInput(format!(
                    "move {number} (thread {thread}): {reason}; the moves are thread numbers, \
                     each running that thread's next step"
                ))
                .into())
            }
        };
        let after = match &played {
            Played::Paused(next) => &next.steps,
            Played::Over(ending) => &ending.steps,
            Played::Refused { .. } => &position.steps,
        };
        let new = &after[position.steps.len().min(after.len())..];
        let (stuck, ran): (Vec<Step>, Vec<Step>) = new
            .iter()
            .cloned()
            .partition(|s| matches!(s.action, Action::Deadlock | Action::Spin | Action::Blocked));
        let preempted = ran.iter().find_map(|s| s.preempts);
        out.line(&screen::move_line(number, thread, &ran, about, preempted));
        if !stuck.is_empty() {
            out.line(&screen::stuck_line(&stuck));
        }
    };
    if let Some(extra) = given.next() {
        return Err(Error::BadInput(format!(
            "move {} (thread {extra}): the game is over after move {number}; drop the moves \
             after it",
            number + 1
        ))
        .into());
    }
    out.line("");
    out.line(screen::ending(&ending, game).trim_end());
    Ok(ExitCode::from(u8::from(!ending.violations.is_empty())))
}

/// Standard output that goes quiet once its reader has gone (`racelab play ... | head`),
/// instead of a panic about a broken pipe.
#[derive(Debug, Default)]
struct Out {
    closed: bool,
}

impl Out {
    /// Writes `text` and a new line.
    fn line(&mut self, text: &str) {
        if !self.closed {
            let mut stdout = std::io::stdout().lock();
            self.closed = writeln!(stdout, "{text}").is_err();
        }
    }
}

/// Reads moves: thread numbers separated by commas or white space. No move at all, or an empty
/// one between two commas, is refused.
pub fn parse_moves(text: &str, threads: usize) -> Result<Vec<usize>, Error> {
    let example = "(e.g. --moves 1,2,2,1)";
    let mut moves = Vec::new();
    for piece in text.split(',') {
        if piece.trim().is_empty() && text.contains(',') {
            return Err(Error::BadInput(format!(
                "move {} is empty: put a thread number between every two commas {example}",
                moves.len() + 1
            )));
        }
        for m in piece.split_whitespace() {
            match m.parse::<usize>() {
                Ok(t) if (1..=threads).contains(&t) => moves.push(t),
                _ => {
                    return Err(Error::BadInput(format!(
                        "move {} is '{m}': a move is a thread number, 1 to {threads} {example}",
                        moves.len() + 1
                    )))
                }
            }
        }
    }
    if moves.is_empty() {
        return Err(Error::BadInput(format!(
            "no moves: give at least one thread number {example}"
        )));
    }
    Ok(moves)
}
