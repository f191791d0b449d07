//! Colour: when to use it, and the few styles racelab uses.

use crate::args::ColorWhen;
use colored::{ColoredString, Colorize};
use std::io::IsTerminal;

/// Turns colour on or off for the whole run: `--color`, then `NO_COLOR`, then whether stdout is
/// a terminal.
pub fn setup(when: ColorWhen) {
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
}

/// A verdict: green when ok, red otherwise.
pub fn verdict(text: &str) -> ColoredString {
    if text == racelab_core::OK {
        text.green()
    } else {
        text.red()
    }
}

/// A heading.
pub fn heading(text: &str) -> ColoredString {
    text.bold()
}

/// Secondary information.
pub fn dim(text: &str) -> ColoredString {
    text.dimmed()
}

/// A proof.
pub fn proven(text: &str) -> ColoredString {
    text.green().bold()
}

/// A pass that is not a proof (no violation found by a checker that can miss some).
pub fn passed(text: &str) -> ColoredString {
    text.green()
}
