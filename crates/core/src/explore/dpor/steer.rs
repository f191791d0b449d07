//! Steering the SC checker's scheduler by a player's moves (`racelab play`): a move names a lab
//! thread and runs its next step; the main thread's steps (spawns and joins) run by themselves.
//! When the moves run out, the execution pauses there and says where it stands.

use super::event::{Op, Tid};
use super::model::Wait;

/// A player's moves, and how far the execution has followed them.
#[derive(Debug)]
pub(crate) struct Steer {
    moves: Vec<Tid>,
    used: usize,
    threads: usize,
    /// A thread whose first step ran no visible step: its move goes on to its next one.
    going_on: Option<Tid>,
    /// Once the moves run out, start the threads that have not started instead of pausing: a
    /// game in which every started thread waits and each unstarted one would wait at its first
    /// step is over, and this plays it to its end.
    start_the_rest: bool,
    /// The thread last started that way: no move of the player's goes on with it.
    started_by_rest: Option<Tid>,
}

/// What the scheduler does next.
#[derive(Debug)]
pub(crate) enum Pick {
    /// Run this thread.
    Run(Tid),
    /// The moves ran out: pause here.
    Pause,
    /// Move `index` (from 0) cannot be played, for `why`.
    Refuse { index: usize, why: Refusal },
}

/// Why a move cannot be played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// There is no lab thread of that number.
    NoSuchThread { thread: Tid, threads: usize },
    /// The thread has finished.
    Finished { thread: Tid },
    /// The thread cannot move until another does.
    Waits { thread: Tid, wait: Wait },
}

impl Steer {
    pub fn new(moves: Vec<Tid>, threads: usize) -> Self {
        Steer {
            moves,
            used: 0,
            threads,
            going_on: None,
            start_the_rest: false,
            started_by_rest: None,
        }
    }

    /// The same moves, then every thread not started yet, started.
    pub fn starting_the_rest(mut self) -> Self {
        self.start_the_rest = true;
        self
    }

    /// The thread to run, given the threads that can move and those that wait.
    pub fn pick(&mut self, enabled: &[(Tid, Op)], waits: &[(Tid, Wait)]) -> Pick {
        let can_move = |t: Tid| enabled.iter().any(|e| e.0 == t);
        if can_move(0) {
            return Pick::Run(0);
        }
        if let Some(t) = self.going_on.take() {
            if can_move(t) {
                return Pick::Run(t);
            }
            // Its move only started it, and it cannot take its first step: refused.
            if let Some(&(_, wait)) = waits.iter().find(|w| w.0 == t) {
                return Pick::Refuse {
                    index: self.used - 1,
                    why: Refusal::Waits { thread: t, wait },
                };
            }
        }
        let Some(&thread) = self.moves.get(self.used) else {
            let unstarted = enabled.iter().find(|e| e.1 == Op::Start);
            return match unstarted {
                Some(&(thread, _)) if self.start_the_rest => {
                    self.started_by_rest = Some(thread);
                    Pick::Run(thread)
                }
                _ => Pick::Pause,
            };
        };
        let index = self.used;
        self.used += 1;
        if can_move(thread) {
            return Pick::Run(thread);
        }
        let why = if thread == 0 || thread > self.threads {
            Refusal::NoSuchThread {
                thread,
                threads: self.threads,
            }
        } else if let Some(&(_, wait)) = waits.iter().find(|w| w.0 == thread) {
            Refusal::Waits { thread, wait }
        } else {
            Refusal::Finished { thread }
        };
        Pick::Refuse { index, why }
    }

    /// `tid`'s first step ran and recorded nothing: its move is not over (only a move starts a
    /// thread, so `used` is at least 1 then).
    pub fn started_silently(&mut self, tid: Tid) {
        if tid != 0 && self.started_by_rest != Some(tid) {
            self.going_on = Some(tid);
        }
    }

    /// How many lab threads there are.
    pub fn threads(&self) -> usize {
        self.threads
    }
}
