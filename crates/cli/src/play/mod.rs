//! `racelab play`: the player is the scheduler (game, screen, transcript, terminal).

pub mod game;
pub mod screen;
pub mod script;
pub mod terminal;
