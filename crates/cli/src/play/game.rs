//! One game of `racelab play`: the moves so far, replayed from the start each time under
//! racelab's SC checker, so that undo and restart only shorten the list.

use racelab_core::explore::dpor::play::{Next, Played, Position};
use racelab_core::explore::ExploreRequest;
use racelab_core::{AnyLab, Checker, Error, LabInfo, Params, Report};
use std::collections::BTreeSet;

/// The most positions a hint may look at before it gives up.
const HINT_BUDGET: usize = 4_000;
/// The most preemptions a hint's continuation may add.
const HINT_MAX_PREEMPTIONS: usize = 3;
/// How long the checker may take to judge the whole variant.
const CHECK_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A game: a lab, a variant, a size, and the moves played.
pub struct Game {
    lab: &'static dyn AnyLab,
    /// The lab's description.
    pub info: &'static LabInfo,
    /// The variant played.
    pub variant: String,
    /// Its size.
    pub params: Params,
    /// The moves so far: thread numbers.
    pub moves: Vec<usize>,
    checked: Option<Report>,
    /// The cells and locks the variant touches (in the games where the threads run in order,
    /// and in reverse order): the board shows these, not every one the lab sets up.
    pub used: BTreeSet<String>,
}

impl std::fmt::Debug for Game {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Game")
            .field("lab", &self.info.id)
            .field("variant", &self.variant)
            .field("params", &self.params)
            .field("moves", &self.moves)
            .finish()
    }
}

/// What the hint's search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// The next move of the simplest break from here, and the preemptions the rest of it takes.
    Press {
        /// The thread to move.
        thread: usize,
        /// The preemptions the rest of that break takes from here.
        preemptions: usize,
    },
    /// No break from here with up to this many more preemptions; every such move was tried.
    NoneWithin(usize),
    /// No break found before the search's budget of positions ran out.
    NoneFound,
}

impl Game {
    /// A new game, checked by playing no move (a bad variant or size is refused here).
    pub fn new(
        lab: &'static dyn AnyLab,
        variant: String,
        params: Params,
    ) -> Result<(Game, Played), Error> {
        let mut game = Game {
            lab,
            info: lab.info(),
            variant,
            params,
            moves: Vec::new(),
            checked: None,
            used: BTreeSet::new(),
        };
        let start = game.position()?;
        for order in [Game::in_order, Game::in_reverse_order] {
            let steps = game.run_out(order)?;
            game.used
                .extend(steps.into_iter().map(|s| s.target.to_string()));
        }
        Ok((game, start))
    }

    /// Where the moves so far lead.
    pub fn position(&self) -> Result<Played, Error> {
        self.lab.play(&self.variant, &self.params, &self.moves)
    }

    /// Plays `thread`'s next step: the new position, or (the move taken back) why it cannot be
    /// played.
    pub fn play(&mut self, thread: usize) -> Result<Result<Played, String>, Error> {
        self.moves.push(thread);
        match self.position()? {
            Played::Refused { reason, .. } => {
                self.moves.pop();
                Ok(Err(reason))
            }
            played => Ok(Ok(played)),
        }
    }

    /// Takes the last move back; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.moves.pop().is_some()
    }

    /// Back to the start.
    pub fn restart(&mut self) {
        self.moves.clear();
    }

    /// The steps of the game from the start in which `pick` chooses every move.
    fn run_out(
        &self,
        pick: fn(&Position) -> Option<usize>,
    ) -> Result<Vec<racelab_core::trace::Step>, Error> {
        let mut moves = Vec::new();
        loop {
            match self.lab.play(&self.variant, &self.params, &moves)? {
                Played::Paused(position) => match pick(&position) {
                    Some(thread) if moves.len() < 10_000 => moves.push(thread),
                    _ => return Ok(position.steps),
                },
                Played::Over(ending) => return Ok(ending.steps),
                Played::Refused { .. } => return Ok(Vec::new()),
            }
        }
    }

    /// The highest-numbered thread that can move.
    fn in_reverse_order(position: &Position) -> Option<usize> {
        (position.threads.iter().rev())
            .find(|(_, next)| matches!(next, Next::Step { .. }))
            .map(|(t, _)| *t)
    }

    /// The thread that runs when the player has no more moves: the lowest-numbered one that
    /// can move, so each runs to its end in order unless it has to wait (a wake without a
    /// notify only when nothing else can move).
    pub fn in_order(position: &Position) -> Option<usize> {
        let first = |spurious: bool| {
            (position.threads.iter())
                .find(|(_, next)| matches!(next, Next::Step { spurious: s, .. } if *s == spurious))
                .map(|(t, _)| *t)
        };
        first(false).or_else(|| first(true))
    }

    /// The first move of the break with the fewest preemptions from here, if there is one
    /// within [`HINT_MAX_PREEMPTIONS`] more (and [`HINT_BUDGET`] positions).
    pub fn hint(&self) -> Result<Hint, Error> {
        let mut budget = HINT_BUDGET;
        let mut moves = self.moves.clone();
        for bound in 0..=HINT_MAX_PREEMPTIONS {
            if let Some(thread) = self.breaks_within(&mut moves, bound, &mut budget)? {
                return Ok(Hint::Press {
                    thread,
                    preemptions: bound,
                });
            }
            if budget == 0 {
                return Ok(Hint::NoneFound);
            }
        }
        Ok(Hint::NoneWithin(HINT_MAX_PREEMPTIONS))
    }

    /// Depth-first from `moves`: the next move of a break within `bound` more preemptions
    /// (`Some(0)` when `moves` already end broken).
    fn breaks_within(
        &self,
        moves: &mut Vec<usize>,
        bound: usize,
        budget: &mut usize,
    ) -> Result<Option<usize>, Error> {
        if *budget == 0 {
            return Ok(None);
        }
        *budget -= 1;
        let position = match self.lab.play(&self.variant, &self.params, moves)? {
            Played::Over(ending) => return Ok((!ending.violations.is_empty()).then_some(0)),
            Played::Refused { .. } => return Ok(None),
            Played::Paused(position) => position,
        };
        for (thread, cost) in choices(&position, moves.last().copied()) {
            let Some(left) = bound.checked_sub(cost) else {
                continue;
            };
            moves.push(thread);
            let found = self.breaks_within(moves, left, budget)?;
            moves.pop();
            if found.is_some() {
                return Ok(Some(thread));
            }
        }
        Ok(None)
    }

    /// Whether the checker has judged the variant already.
    pub fn is_checked(&self) -> bool {
        self.checked.is_some()
    }

    /// What racelab's SC checker says of the whole variant (explored once per game).
    pub fn checked(&mut self) -> Result<&Report, Error> {
        if self.checked.is_none() {
            let mut request =
                ExploreRequest::new(&self.variant, self.params.clone(), Checker::Dpor);
            request.budget.time_limit = Some(CHECK_TIME_LIMIT);
            self.checked = Some(self.lab.explore(&request)?);
        }
        Ok(self.checked.as_ref().expect("just set"))
    }
}

/// The threads that can move from `position`, the last mover first, each with the preemption
/// it costs (switching away from a thread that could go on, except after an await; a thread
/// that could only wake spuriously from a wait could not).
fn choices(position: &Position, last: Option<usize>) -> Vec<(usize, usize)> {
    let can_move = |t: usize| {
        position
            .threads
            .iter()
            .any(|(u, next)| *u == t && matches!(next, Next::Step { .. }))
    };
    let could_go_on = |t: usize| {
        (position.threads.iter()).any(|(u, next)| {
            *u == t
                && matches!(
                    next,
                    Next::Step {
                        spurious: false,
                        ..
                    }
                )
        })
    };
    let awaited = position
        .steps
        .last()
        .is_some_and(|s| s.action == racelab_core::trace::Action::Await);
    let mut order: Vec<usize> = last.filter(|&l| can_move(l)).into_iter().collect();
    order.extend(
        (position.threads.iter().map(|(t, _)| *t)).filter(|&t| can_move(t) && Some(t) != last),
    );
    order
        .into_iter()
        .map(|t| {
            let preempts = last.is_some_and(|l| l != t && could_go_on(l)) && !awaited;
            (t, usize::from(preempts))
        })
        .collect()
}
