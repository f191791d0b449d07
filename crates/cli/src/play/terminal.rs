//! `racelab play` in a terminal: one key per move, the screen redrawn after each. The terminal
//! goes into raw mode (crossterm) only while the game runs, and a guard puts it back on every
//! way out: quitting, Ctrl-C (a key in raw mode), an error or a panic.

use super::game::{Game, Hint};
use super::screen;
use crate::style;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal::{self, Clear, ClearType};
use crossterm::{cursor, execute};
use racelab_core::explore::dpor::play::Played;
use std::io::Write;
use std::process::ExitCode;

/// Raw mode for as long as it lives.
struct RawMode;

impl RawMode {
    fn enter() -> std::io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
        let _ = execute!(std::io::stdout(), cursor::Show);
    }
}

/// What a key asks for.
enum Key {
    Thread(usize),
    Undo,
    Restart,
    Hint,
    Help,
    Quit,
    Other(String),
}

fn key(event: KeyEvent) -> Key {
    match event.code {
        KeyCode::Char('c') if event.modifiers.contains(KeyModifiers::CONTROL) => Key::Quit,
        KeyCode::Char(d @ '1'..='9') => Key::Thread(d as usize - '0' as usize),
        KeyCode::Char('u') | KeyCode::Backspace => Key::Undo,
        KeyCode::Char('r') => Key::Restart,
        KeyCode::Char('h') => Key::Hint,
        KeyCode::Char('?') => Key::Help,
        KeyCode::Char('q') | KeyCode::Esc => Key::Quit,
        KeyCode::Char(c) => Key::Other(c.to_string()),
        other => Key::Other(format!("{other:?}")),
    }
}

/// Plays until the player quits; exit 1 if the last game ended broken, 0 otherwise.
pub fn run(game: &mut Game) -> anyhow::Result<ExitCode> {
    let raw = RawMode::enter()?;
    let mut message = String::new();
    let mut broken;
    loop {
        let played = game.position()?;
        broken = matches!(&played, Played::Over(e) if !e.violations.is_empty());
        draw(game, &played, &message)?;
        message.clear();
        let Event::Key(event) = event::read()? else {
            continue;
        };
        if event.kind != KeyEventKind::Press {
            continue;
        }
        let over = matches!(played, Played::Over(_));
        match key(event) {
            Key::Quit => break,
            Key::Undo => {
                if !game.undo() {
                    message = "nothing to undo".into();
                }
            }
            Key::Restart => game.restart(),
            Key::Help => message = screen::help(game),
            Key::Hint if over => message = "the game is over: r plays again, u undoes".into(),
            Key::Hint => message = hint(game)?,
            Key::Thread(_) if over => {
                message = "the game is over: u undoes the last move, r plays again, q quits".into()
            }
            Key::Thread(thread) => {
                if let Err(reason) = game.play(thread)? {
                    message = format!("refused: {reason}");
                }
            }
            Key::Other(what) => {
                message = format!("'{what}' is not a key of the game: ? shows them")
            }
        }
    }
    drop(raw);
    outln!()?;
    Ok(ExitCode::from(u8::from(broken)))
}

/// The hint, in a sentence.
fn hint(game: &mut Game) -> anyhow::Result<String> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    Ok(match game.hint()? {
        Hint::Press {
            thread,
            preemptions,
        } => format!(
            "hint: press {thread} (the simplest break from here takes {preemptions} more \
             preemption{})",
            plural(preemptions)
        ),
        _ if game
            .checked()
            .is_ok_and(|r| r.exhaustive && r.violations == 0) =>
        {
            "hint: no sequence of moves breaks this variant: the checker has proven it".into()
        }
        Hint::NoneWithin(preemptions) => format!(
            "hint: no break from here with up to {preemptions} more preemption{} (u undoes, r \
             restarts)",
            plural(preemptions)
        ),
        Hint::NoneFound => "hint: the search found no break from here before its budget ran \
                            out (u undoes, r restarts)"
            .into(),
    })
}

/// Redraws the whole screen.
fn draw(game: &mut Game, played: &Played, message: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout();
    if matches!(played, Played::Over(_)) && !game.is_checked() {
        // The end of the game asks the checker about every interleaving: say so meanwhile.
        write!(
            out,
            "\r\nracelab's SC checker is exploring every interleaving..."
        )?;
        out.flush()?;
    }
    let mut text = format!(
        "{}   move {}\n{}\n\n",
        style::heading(&screen::title(game)),
        game.moves.len(),
        screen::goal(game),
    );
    match played {
        Played::Paused(position) => {
            text.push_str(&screen::standing(position, game));
            text.push('\n');
            text.push_str(&screen::timeline(&position.steps, game));
        }
        Played::Over(ending) => text.push_str(&screen::ending(ending, game)),
        Played::Refused { reason, .. } => text.push_str(reason),
    }
    if !message.is_empty() {
        text.push('\n');
        text.push_str(message);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&style::dim(&screen::keys(game)).to_string());
    // A terminal that does not say its size (or says a tiny one) gets the whole screen.
    let text = match crossterm::terminal::size() {
        Ok((_, rows)) if rows >= 12 => screen::fit(&text, rows as usize),
        _ => text,
    };
    execute!(out, Clear(ClearType::All), cursor::MoveTo(0, 0))?;
    // Raw mode: a new line does not return the carriage.
    write!(out, "{}", text.replace('\n', "\r\n"))?;
    out.flush()?;
    Ok(())
}
