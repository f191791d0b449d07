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

#[cfg(test)]
mod tests {
    use super::*;
    use racelab_core::{
        Cell, Condvar, Ctx, Declared, Lab, Lock, Runtime, State, VariantInfo, VariantKind,
    };

    /// A producer (thread 1) and a consumer that waits with `if` (or `while`) around its wait.
    #[derive(Debug, Clone, Copy)]
    struct Handoff;

    /// The buffer's lock, its condition variable, the items in it, takes from it empty.
    type Buffer<R> = (Lock<R>, Condvar<R>, Cell<R>, Cell<R>);

    static INFO: LabInfo = LabInfo {
        id: "handoff",
        title: "a consumer takes from an empty buffer",
        variants: &[
            VariantInfo {
                name: "if-wait",
                kind: VariantKind::Racy,
                summary: "an if around the wait",
                function: "",
            },
            VariantInfo {
                name: "while-wait",
                kind: VariantKind::Fix,
                summary: "a while around the wait",
                function: "",
            },
        ],
        ..LabInfo::DEFAULT
    };

    impl Declared for Handoff {
        type Shared<R: Runtime> = Buffer<R>;
        fn info(&self) -> &'static LabInfo {
            &INFO
        }
        fn thread<R: Runtime>(&self, variant: usize, s: &Buffer<R>, cx: &Ctx) -> i64 {
            let (lock, cv, items, broken) = s;
            let mut guard = lock.lock(cx);
            if cx.thread() == 1 {
                items.store(cx, 1);
                cv.notify_one(cx);
            } else {
                if items.load(cx) == 0 {
                    guard = cv.wait(cx, guard);
                }
                while variant == 1 && items.load(cx) == 0 {
                    guard = cv.wait(cx, guard);
                }
                if items.load(cx) == 0 {
                    broken.store(cx, 1);
                }
            }
            drop(guard);
            0
        }
    }

    impl Lab for Handoff {
        fn setup<R: Runtime>(&self, _params: &Params) -> Buffer<R> {
            let cell = |name| Cell::new(name, 0);
            (
                Lock::new("buffer"),
                Condvar::new("ready"),
                cell("items"),
                cell("empty"),
            )
        }
        fn observe<R: Runtime>(&self, s: &Buffer<R>, _results: &[i64]) -> State {
            State::from([("empty".to_string(), s.3.peek())])
        }
        fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
            match state.get("empty") {
                Some(1) => vec!["took from an empty buffer".to_string()],
                _ => Vec::new(),
            }
        }
    }

    static LAB: Handoff = Handoff;

    /// Following the hints on a condition variable's `if` breaks it in the SC checker's fewest
    /// preemptions (the break needs a spurious wakeup, which the game offers as a move); on the
    /// `while` there is no break to hint at.
    #[test]
    fn the_hints_break_an_if_around_a_wait_in_the_fewest_preemptions() {
        let params = Params::sized(&INFO, 2, 1);
        let request = ExploreRequest::new("if-wait", params.clone(), Checker::Dpor);
        let simplest = LAB.explore(&request).unwrap().counterexample.unwrap();
        let (mut game, _) = Game::new(&LAB, "if-wait".into(), params.clone()).unwrap();
        let ending = loop {
            match game.position().unwrap() {
                Played::Over(ending) => break ending,
                Played::Paused(_) => {
                    let Hint::Press { thread, .. } = game.hint().unwrap() else {
                        panic!("no hint while it can break");
                    };
                    game.play(thread).unwrap().unwrap();
                }
                Played::Refused { reason, .. } => panic!("{reason}"),
            }
        };
        assert_eq!(ending.violations, ["took from an empty buffer"]);
        assert_eq!(ending.preemptions, simplest.preemptions);
        let (fixed, _) = Game::new(&LAB, "while-wait".into(), params).unwrap();
        assert!(!matches!(fixed.hint().unwrap(), Hint::Press { .. }));
    }
}
