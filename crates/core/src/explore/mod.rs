//! Model checking a lab: racelab's SC checker, loom or shuttle explorations, replay, and the
//! simplest counterexample.

mod budget;
pub mod dpor;
mod findings;
mod loom_explorer;
mod merge;
mod panics;
mod scheduler;
pub mod seeded;
mod shuttle_explorer;
pub mod simplest;
pub mod token;

pub use budget::Budget;
pub use merge::merge;
pub use seeded::Shard;

use crate::{validate, Caveat, Checker, Equivalence, Error, Lab, Limit, Params, Report, SCHEMA};
use budget::Clock;
use findings::Findings;
use serde::{Deserialize, Serialize};
use shuttle::scheduler::DfsScheduler;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Schedules tried by `random` and `pct` when no `--max-executions` is given.
pub const DEFAULT_SCHEDULES: u64 = 10_000;
/// The depth of PCT: how many priority change points each schedule gets.
pub const PCT_DEPTH: usize = 3;
/// The seed of `random` and `pct` when none is given.
pub const DEFAULT_SEED: u64 = 0x5eed;

/// What to explore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreRequest {
    /// The variant.
    pub variant: String,
    /// Threads, iterations, lab values.
    pub params: Params,
    /// loom, or a shuttle scheduler.
    pub checker: Checker,
    /// Preemption bound (none: unbounded).
    pub max_preemptions: Option<usize>,
    /// Execution and time limits.
    pub budget: Budget,
    /// Seed of random and PCT schedules.
    pub seed: u64,
    /// Threads for random and PCT schedules (none: every core).
    #[serde(default)]
    pub jobs: Option<usize>,
    /// The slice of random and PCT seeds to run (none: all of them).
    #[serde(default)]
    pub shard: Option<Shard>,
    /// Let the variant's orderings choose the checker: `checker` (racelab's SC checker) when
    /// every access is `SeqCst`, loom when any is weaker (what `explore` does by default).
    #[serde(default)]
    pub by_orderings: bool,
    /// The most spurious wakeups an execution may have under racelab's SC checker (a wait on a
    /// condition variable that returns without a notify); 0 turns them off.
    #[serde(default = "default_spurious_wakeups")]
    pub spurious_wakeups: u32,
    /// Under racelab's SC checker, explore symmetric threads once per orbit, where the lab says
    /// the variant's threads are symmetric ([`Lab::symmetric`]).
    #[serde(default)]
    pub symmetry: bool,
    /// Under racelab's SC checker, explore one execution per reads-from class, where the
    /// variant's steps are loads, stores and locks (else as without it, saying which step).
    #[serde(default)]
    pub reads_from: bool,
}

/// How many spurious wakeups an execution may have unless asked otherwise.
pub const DEFAULT_SPURIOUS_WAKEUPS: u32 = 1;

fn default_spurious_wakeups() -> u32 {
    DEFAULT_SPURIOUS_WAKEUPS
}

impl ExploreRequest {
    /// An unbounded exploration of `variant` at `params` with `checker`, default seed, no budget.
    pub fn new(variant: &str, params: Params, checker: Checker) -> Self {
        ExploreRequest {
            variant: variant.into(),
            params,
            checker,
            max_preemptions: None,
            budget: Budget::default(),
            seed: DEFAULT_SEED,
            jobs: None,
            shard: None,
            by_orderings: false,
            spurious_wakeups: DEFAULT_SPURIOUS_WAKEUPS,
            symmetry: false,
            reads_from: false,
        }
    }
}

/// How racelab's SC checker splits a proof, if it does: with `--jobs` or `--shard`, into units
/// that share nothing, for that many threads (every core by default), taking the shard's units.
fn split(request: &ExploreRequest) -> Option<(usize, Shard)> {
    (request.jobs.is_some() || request.shard.is_some()).then(|| {
        let jobs = request.jobs.unwrap_or_else(default_jobs);
        (jobs, request.shard.unwrap_or(Shard { index: 1, count: 1 }))
    })
}

/// Threads to use when none are asked for: every core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One exploration's raw result.
#[derive(Default)]
pub(crate) struct Run {
    pub findings: Findings,
    pub limited_by: Option<Limit>,
}

/// Explores a variant and reports every outcome reached, with the simplest counterexample known.
pub fn explore<L: Lab>(lab: &L, request: &ExploreRequest) -> Result<Report, Error> {
    let variant = validate::variant(lab, &request.variant)?.name;
    let checker = request.checker;
    validate::params(lab, &request.params, checker.backend())?;
    let params = &request.params;
    let bound = request.max_preemptions;
    let started = Instant::now();
    let clock = Clock::start(request.budget);
    let seeded = |checker| {
        let plan = seeded::Plan {
            checker,
            seed: request.seed,
            schedules: request.budget.max_executions.unwrap_or(DEFAULT_SCHEDULES),
            shard: request.shard.unwrap_or(Shard { index: 1, count: 1 }),
            jobs: request.jobs.unwrap_or_else(default_jobs),
            bound,
        };
        seeded::explore(lab, variant, params, &plan, clock)
    };
    if checker == Checker::Dpor && bound.is_some() {
        return Err(Error::BadInput(
            "--max-preemptions bounds dfs, pct and random; the dpor checker explores one \
             execution per class, with no bound: drop the flag, or use --checker dfs"
                .into(),
        ));
    }
    if request.shard.is_some() && !matches!(checker, Checker::Pct | Checker::Random | Checker::Dpor)
    {
        return Err(Error::BadInput(
            "--shard splits random and pct schedules by seed, and the SC checker's proofs by \
             unit; loom and dfs are one search each: use --checker dpor, random or pct"
                .into(),
        ));
    }
    if request.reads_from && (checker != Checker::Dpor || split(request).is_some()) {
        return Err(Error::BadInput(
            "--reads-from is a mode of the dpor checker on one thread: drop --jobs and \
             --shard, and use --checker dpor"
                .into(),
        ));
    }
    if request.jobs == Some(0) {
        return Err(Error::BadInput("--jobs 0: use at least 1".into()));
    }
    let mut redundant = None;
    let mut spurious = None;
    let mut equivalence = None;
    let mut unfollowed = None;
    let run = match checker {
        Checker::Loom => loom_explorer::explore(lab, variant, params, bound, clock)?,
        Checker::Dpor => {
            let bound = request.spurious_wakeups;
            let options = dpor::Options {
                spurious: bound,
                symmetric: request.symmetry,
                split: split(request),
                reads_from: request.reads_from,
            };
            let (run, explored) = dpor::explore(lab, variant, params, clock, None, options)?;
            redundant = Some(explored.sleep_blocked);
            spurious = explored.waited.then_some(bound);
            equivalence = Some(match (explored.reads_from, explored.symmetric) {
                (true, _) => Equivalence::ReadsFrom,
                (false, true) => Equivalence::Symmetry,
                (false, false) => Equivalence::Mazurkiewicz,
            });
            unfollowed = explored.unfollowed;
            run
        }
        Checker::Dfs => {
            let dfs = Box::new(DfsScheduler::new(None, false));
            shuttle_explorer::explore(lab, variant, params, dfs, bound, clock, checker)?
        }
        Checker::Pct | Checker::Random => seeded(checker)?,
        Checker::Replay => {
            return Err(Error::BadInput(
                "replay needs a token: use `racelab replay <lab> --schedule TOKEN`".into(),
            ))
        }
    };
    let complete =
        matches!(checker, Checker::Loom | Checker::Dfs | Checker::Dpor) && run.limited_by.is_none();
    let exhaustive = complete && bound.is_none();
    let mut best = run.findings.best.clone();
    let reads_from = equivalence == Some(Equivalence::ReadsFrom);
    if let Some(found) = best
        .as_ref()
        .filter(|_| checker != Checker::Dpor || reads_from)
    {
        // Unbounded DFS already saw every schedule; otherwise look for a simpler one (the SC
        // checker's is the simplest order of the simplest Mazurkiewicz class it explored; a
        // reads-from class holds many of those, and it explored one).
        let below = match found.found_by {
            Checker::Loom => simplest::MAX_SEARCH_BOUND + 1,
            _ if checker == Checker::Dfs && complete => 0,
            _ => found.preemptions,
        };
        if let Some(simpler) = simplest::search(lab, variant, params, below) {
            best = Some(simpler);
        }
    }
    let part = (request.shard).filter(|s| checker == Checker::Dpor && s.count > 1);
    let limited_by = run.limited_by.or_else(|| match checker {
        Checker::Pct | Checker::Random => Some(Limit::Sample),
        _ if part.is_some() => part.map(|s| Limit::Shard {
            index: s.index,
            count: s.count,
        }),
        _ => bound.map(|bound| Limit::Preemptions { bound }),
    });
    let exhaustive = exhaustive && part.is_none();
    let mut report = report(
        lab,
        variant,
        request,
        exhaustive,
        limited_by,
        &run.findings,
        best,
        started,
    );
    report.redundant = redundant;
    report.spurious_wakeups = spurious;
    report.equivalence = equivalence;
    report.reads_from_unfollowed = unfollowed.map(String::from);
    if reads_from {
        // How long a thread waits depends on orders that one reads-from class merges: the
        // worst of the executions explored is no bound.
        report.bypass.clear();
    }
    // (Not where a spin loop was waited out: an orbit then need not count the floor's classes.)
    report.classes = (equivalence == Some(Equivalence::Symmetry) && !run.findings.spun)
        .then_some(run.findings.classes);
    report.weak_orderings = run.findings.weak.iter().map(|o| o.to_string()).collect();
    judge_by_orderings(lab, request, report)
}

/// What a checker's report is worth for the variant's orderings: an SC checker cannot see what
/// weaker orderings allow, and loom raises false alarms on `SeqCst` code (loom#180). With
/// `by_orderings`, a variant with weaker orderings is explored by loom instead.
fn judge_by_orderings<L: Lab>(
    lab: &L,
    request: &ExploreRequest,
    mut report: Report,
) -> Result<Report, Error> {
    let weak = !report.weak_orderings.is_empty();
    let sequentially_consistent = !matches!(request.checker, Checker::Loom | Checker::Replay);
    if weak && sequentially_consistent && report.violations == 0 {
        if request.by_orderings {
            // (No reads-from classes there: they are the SC checker's.)
            let loom = ExploreRequest {
                checker: Checker::Loom,
                by_orderings: false,
                reads_from: false,
                ..request.clone()
            };
            let mut report = explore(lab, &loom)?;
            report.chosen_because = Some(format!(
                "the variant uses {} orderings, which only loom models",
                report.weak_orderings.join(", ")
            ));
            return Ok(report);
        }
        let limit = Limit::WeakOrderings {
            orderings: report.weak_orderings.clone(),
        };
        report.exhaustive = false;
        report.limited_by = Some(limit.to_string());
        report.limit = Some(limit);
        report.caveat = Some(Caveat::CannotSee {
            orderings: report.weak_orderings.clone(),
        });
    }
    if request.checker == Checker::Loom && !weak && report.violations > 0 {
        let sc = ExploreRequest {
            checker: Checker::Dpor,
            max_preemptions: None,
            by_orderings: false,
            ..request.clone()
        };
        if explore(lab, &sc).is_ok_and(|sc| sc.exhaustive && sc.violations == 0) {
            report.caveat = Some(Caveat::FalseAlarm);
        }
    }
    Ok(report)
}

/// Plays `moves` (lab thread numbers, each running that thread's next step) on `variant` under
/// racelab's SC checker, and says where the game stands: paused, over, or a move refused.
pub fn play<L: Lab>(
    lab: &L,
    variant: &str,
    params: &Params,
    moves: &[usize],
) -> Result<dpor::play::Played, Error> {
    let variant = validate::variant(lab, variant)?.name;
    validate::params(lab, params, crate::Backend::Racelab)?;
    dpor::play::play(lab, variant, params, moves)
}

/// Replays one shuttle schedule from a token and reports the trace it produces.
pub fn replay<L: Lab>(lab: &L, token: &token::Token) -> Result<Report, Error> {
    let info = lab.info();
    if token.lab != info.id {
        return Err(Error::BadInput(format!(
            "this token is for lab '{}', not '{}': run `racelab replay {} --schedule ...`",
            token.lab, info.id, token.lab
        )));
    }
    let variant = validate::variant(lab, &token.variant)?.name;
    let mut known = token.params.clone();
    known
        .extra
        .retain(|k, _| info.params.iter().any(|p| p.name == k));
    if known != token.params {
        return Err(Error::BadInput(format!(
            "malformed replay token: it names parameters that lab '{}' does not have",
            info.id
        )));
    }
    let backend = match token.sc {
        true => crate::Backend::Racelab,
        false => crate::Backend::Shuttle,
    };
    validate::params(lab, &token.params, backend)?;
    let started = Instant::now();
    if token.sc {
        let clock = Clock::start(Budget::default());
        let forced = Some(token.choices.clone());
        // The schedule says which waits end without a notify: no bound of its own.
        let options = dpor::Options::plain(u32::MAX);
        let (run, _) = dpor::explore(lab, variant, &token.params, clock, forced, options)?;
        return Ok(replayed(lab, variant, &token.params, &run, started));
    }
    let misfit = Arc::new(Mutex::new(None));
    let replayer = Box::new(scheduler::TokenReplay::new(
        token.choices.clone(),
        Arc::clone(&misfit),
    ));
    let clock = Clock::start(Budget::default());
    let params = &token.params;
    let run =
        shuttle_explorer::explore(lab, variant, params, replayer, None, clock, Checker::Replay)?;
    let (wanted, ran) = (token.choices.len(), run.findings.last_schedule);
    let misfit = misfit
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .or(match ran {
            _ if ran > wanted => Some(scheduler::Misfit::TooShort),
            _ if ran < wanted => Some(scheduler::Misfit::TooLong { left: wanted - ran }),
            _ => None,
        });
    if let Some(misfit) = misfit {
        return Err(misfit_error(misfit));
    }
    Ok(replayed(lab, variant, params, &run, started))
}

/// A token that does not replay what it names: refused, never replayed as something else.
pub(crate) fn misfit_error(misfit: scheduler::Misfit) -> Error {
    Error::BadInput(format!(
        "the token's schedule does not fit this lab, variant and params ({misfit}): pass the \
         token whole, exactly as racelab printed it"
    ))
}

/// The report of one replayed schedule.
fn replayed<L: Lab>(
    lab: &L,
    variant: &str,
    params: &Params,
    run: &Run,
    started: Instant,
) -> Report {
    let mut request = ExploreRequest::new(variant, params.clone(), Checker::Replay);
    request.seed = 0;
    let best = run.findings.best.clone();
    let limited_by = Some(Limit::OneSchedule);
    report(
        lab,
        variant,
        &request,
        false,
        limited_by,
        &run.findings,
        best,
        started,
    )
}

#[allow(clippy::too_many_arguments)]
fn report<L: Lab>(
    lab: &L,
    variant: &str,
    request: &ExploreRequest,
    exhaustive: bool,
    limited_by: Option<Limit>,
    findings: &Findings,
    counterexample: Option<crate::Counterexample>,
    started: Instant,
) -> Report {
    let seeded = matches!(request.checker, Checker::Pct | Checker::Random);
    Report {
        schema: SCHEMA.into(),
        lab: lab.info().id.into(),
        variant: variant.into(),
        backend: request.checker.backend(),
        checker: Some(request.checker),
        params: request.params.clone(),
        exhaustive,
        limited_by: limited_by.as_ref().map(Limit::to_string),
        limit: limited_by,
        max_preemptions: request.max_preemptions,
        seed: seeded.then_some(request.seed),
        window: None,
        executions: findings.table.total(),
        violations: findings.table.violations(),
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        first_violation: findings.first_violation.map(|(execution, at)| {
            crate::report::FirstViolation {
                execution,
                elapsed_ms: at.as_secs_f64() * 1000.0,
            }
        }),
        shard: (request.shard).filter(|_| seeded || request.checker == Checker::Dpor),
        outcomes: findings.table.rows(),
        counterexamples_by_verdict: if findings.best_by_verdict.len() > 1 {
            findings.best_by_verdict.values().cloned().collect()
        } else {
            Vec::new()
        },
        counterexample,
        trials: None,
        loss: None,
        redundant: None,
        equivalence: None,
        classes: None,
        reads_from_unfollowed: None,
        spurious_wakeups: None,
        weak_orderings: Vec::new(),
        bypass: findings.bypass(),
        replayed: findings.replayed.clone(),
        caveat: None,
        chosen_because: None,
    }
}
