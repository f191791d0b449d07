//! The race window: the gap a real-thread run widens between a check (or load) and the act that
//! depends on it, so that the race shows in a few trials.

use serde::{Deserialize, Serialize};

/// The race-window setting of a real-thread run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// No gap beyond the code's own.
    #[default]
    None,
    /// Two `yield_now` between the check (or load) and the act.
    Yield,
    /// A short busy loop between the check (or load) and the act.
    Spin,
}

impl Window {
    /// Every setting, by name.
    pub const ALL: [Window; 3] = [Window::None, Window::Yield, Window::Spin];

    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Window::None => "none",
            Window::Yield => "yield",
            Window::Spin => "spin",
        }
    }

    /// The setting called `name`.
    pub fn named(name: &str) -> Option<Window> {
        Window::ALL.into_iter().find(|w| w.name() == name)
    }

    /// Widens the gap here, on real threads or processes, as this setting says.
    pub fn open(self) {
        match self {
            Window::None => {}
            Window::Yield => {
                // The scheduler may hand the core straight back; a second yield rarely is.
                std::thread::yield_now();
                std::thread::yield_now();
            }
            Window::Spin => {
                for _ in 0..200 {
                    std::hint::spin_loop();
                }
            }
        }
    }
}
