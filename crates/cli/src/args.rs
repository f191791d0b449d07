//! The command line: subcommands and options, with each lab's own parameters added at runtime.

use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use racelab_core::{Checker, Window};
use std::collections::BTreeMap;

/// racelab: watch classic concurrency bugs happen, then prove the fixes with racelab's own SC
/// checker.
///
/// Each lab is one small race (a counter that loses updates, ...) with a racy variant and its
/// fixes. Run it on real threads (the bug shows up sometimes); explore it with racelab's own SC
/// checker (every sequentially consistent behaviour, one execution per class: the only checker
/// that says "proven"), under loom (weak memory) or under shuttle (DFS, PCT, random schedules);
/// and replay the exact schedule that broke it.
///
/// Exit codes: 0 the invariant held everywhere explored; 1 a violation was found; 2 bad input,
/// work that could not be done, or no verdict (a checker that cannot judge the variant).
#[derive(Debug, Parser)]
#[command(name = "racelab", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output (NO_COLOR in the environment also turns it off).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the labs and their variants.
    List,
    /// Run a lab on real threads: trials, lost updates, an outcome histogram.
    ///
    /// The bug shows up only sometimes: the runner counts how often and how badly. The race
    /// window (`--window yield`, the default, or `spin`) widens the gap between load and store on
    /// one call in 64, so the race shows even when the threads share one core
    /// (`taskset -c 0 racelab run counter`); `--window none` shows the bare race.
    Run(RunArgs),
    /// Explore a lab under a model checker: every outcome, and the simplest counterexample.
    ///
    /// `dpor` is racelab's own checker: every sequentially consistent behaviour, one execution
    /// per class of equivalent interleavings; only it says "proven". It is the default where
    /// every access is SeqCst; where a variant uses weaker orderings (Relaxed, Acquire,
    /// Release), which it cannot see, the default is `loom`. `loom` explores a weak memory model
    /// but can miss interleavings (loom#392) and treats SeqCst as AcqRel (loom#180); `dfs` is shuttle's
    /// search of every SC schedule, without reduction; `pct` and `random` sample schedules from
    /// `--seed`.
    Explore(ExploreArgs),
    /// Merge the shards of a split proof into the report of the whole run.
    ///
    /// Each shard is `racelab explore <lab> --shard I/N --json > shard-I.json` (the SC checker,
    /// the default), run anywhere: one machine, a Slurm job array, a Kubernetes indexed Job.
    /// The shards take disjoint parts of the classes; `merge` adds up their outcomes and
    /// executions, keeps the simplest counterexample of all, and says "proven" only when every
    /// shard from 1/N to N/N is there, once, and finished. Exit codes as for `explore`.
    Merge(MergeArgs),
    /// Replay the exact schedule of a counterexample from its token.
    Replay(ReplayArgs),
    /// Be the scheduler: pick which thread moves next, and break the program yourself.
    ///
    /// Each move runs one thread's next step (a load, store, fetch_add, compare_exchange, lock
    /// or unlock, as in the timeline): press its number. The screen shows what each thread does
    /// next (or why it cannot move), the shared state and the timeline so far. Keys: 1-8 move,
    /// u undo, r restart, h hint (the next move of the simplest break from here), ? help, q
    /// quit. Tasks of an async lab switch only at awaits, so a move runs a task to its next one.
    /// A thread that waits (for a lock, a notify, a permit, a barrier, a channel, or a change of
    /// the cells its spin loop reads) says so, and its move is refused with the reason. After a
    /// `notify_one` with several threads waiting, you choose which wakes by moving it; a thread
    /// that nobody notified may wake anyway, once a game ("wakes without a notify from ..."), as
    /// std allows.
    ///
    /// Without a terminal, `--moves 1,2,2,1` (or the moves on stdin) plays and prints the same
    /// game as a transcript; when the moves run out, each thread runs to its end, in order.
    /// Exit codes: 1 the game ended with the invariant broken (a deadlock too), 0 it held, 2 a
    /// bad move (which one, and why) or bad input.
    Play(PlayArgs),
    /// Teach a lab: the concept, the racy code, the simplest interleaving that breaks it, what
    /// real threads show, every variant's verdict, and why each fix holds.
    Explain(ExplainArgs),
    /// Synchronization exercises: fix a racy file; the model checker grades the fix.
    ///
    /// Start with `racelab exercise list`, then `racelab exercise show <name>`: it names the file
    /// to edit; or run `racelab exercise watch`, which checks the file on every save and moves
    /// on when it holds. `check` builds your file and explores every interleaving: under
    /// racelab's SC checker for SeqCst code, locks and awaits, under loom where the code uses
    /// weaker orderings; at the exercise's size and then a bigger one. When the fix is wrong it
    /// shows the interleaving that breaks it, with the lines of your code.
    #[command(subcommand)]
    Exercise(ExerciseCommand),
    /// Write a lab of your own: `labs/<name>-race`, registered, ready to run and to change.
    ///
    /// It starts as a small lab that works: a `racy` variant (a load, then a store of one shared
    /// cell) and a `mutex` fix, a README with the sections `explain` reads, and a test. Rebuild
    /// racelab (`cargo run -p racelab -- ...`) and it knows the lab; then make it yours in
    /// `src/variants.rs` (the code), `src/lib.rs` (the declaration) and `README.md` (the story).
    New(NewArgs),
    /// Concurrency against parallelism, measured: the same tasks one after another, on threads,
    /// on a thread pool, in processes, in a process pool, as async tasks on one thread, and on
    /// threads behind a modelled GIL.
    ///
    /// CPU-bound tasks compute a checksum (calibrated to --ms on one core); I/O-bound tasks wait
    /// on a timer, which stands in for a network or disk wait. Every model's checksum is checked.
    /// Then a table per workload (wall time, CPU time, cores busy, speedup over one chef), a
    /// chart of the speedups, and the lesson drawn from what this machine measured.
    /// `racelab explain kitchen` tells the story.
    Kitchen(KitchenArgs),
    /// Internal: run one exploration in a child process (isolates the checkers' panic hooks).
    #[command(name = "__worker", hide = true)]
    Worker,
    /// Internal: one child process of the kitchen's process models.
    #[command(name = "__kitchen", hide = true)]
    KitchenTask {
        /// WORK UNITS I,J,...
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Internal: one child process of the processes lab.
    #[command(name = "__process", hide = true)]
    Process {
        /// VARIANT FILE INCREMENTS WINDOW.
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

/// Options every lab command shares.
#[derive(Debug, Args)]
pub struct LabArgs {
    /// The lab (see `racelab list`).
    pub lab: String,
    /// The variant (see `racelab list`) [default: the lab's first, its buggy one].
    #[arg(long)]
    pub variant: Option<String>,
    /// Threads [default: the lab's].
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Iterations per thread [default: the lab's; 20000 on real threads for the counter].
    #[arg(long, allow_negative_numbers = true)]
    pub iters: Option<u64>,
    /// Print one JSON document (schema racelab/report/v1) and nothing else.
    #[arg(long)]
    pub json: bool,
}

impl LabArgs {
    /// The variant asked for, or the lab's first.
    pub fn variant_or_first(&self, info: &racelab_core::LabInfo) -> String {
        self.variant
            .clone()
            .unwrap_or_else(|| info.variants[0].name.to_string())
    }
}

/// `racelab run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    /// The lab and its size.
    pub lab: LabArgs,
    /// Independent trials [default: the lab's].
    #[arg(long, allow_negative_numbers = true)]
    pub trials: Option<u64>,
    /// Widen the gap between load and store (or check and act) [default: the lab's].
    #[arg(long, value_enum)]
    pub window: Option<WindowArg>,
}

/// `racelab explore`.
#[derive(Debug, Args)]
pub struct ExploreArgs {
    #[command(flatten)]
    /// The lab and its size.
    pub lab: LabArgs,
    /// Which model checker [default: the variant's orderings choose: dpor when every access
    /// is SeqCst, loom when any is weaker].
    #[arg(long, value_enum)]
    pub checker: Option<CheckerArg>,
    /// Explore only schedules with at most P preemptions (not exhaustive; dfs, pct and random:
    /// the SC checker needs no bound).
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub max_preemptions: Option<usize>,
    /// Stop after E executions (not exhaustive if there were more).
    #[arg(long, value_name = "E", allow_negative_numbers = true)]
    pub max_executions: Option<u64>,
    /// Stop after SECS seconds (not exhaustive if unfinished) [default: 60, an error if hit].
    #[arg(long, value_name = "SECS", allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Also write the counterexample's timeline as an SVG picture to FILE (for slides); with no
    /// counterexample, no file is written.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<std::path::PathBuf>,
    /// Stop at the first violation: quick to show a bug (and its counterexample), proves nothing.
    #[arg(long)]
    pub stop_at_first: bool,
    /// Seed of the pct and random schedules.
    #[arg(long, default_value_t = racelab_core::explore::DEFAULT_SEED)]
    pub seed: u64,
    /// Threads [default: every core for pct and random; one for dpor]. The result is the same
    /// for any number of jobs: pct and random schedules come in units of 250, each with a seed
    /// of its own; a dpor proof given --jobs is split into units that share nothing (the same
    /// outcomes, executions and counterexample for every N, a few redundant executions more:
    /// `--jobs 1` runs the split on one thread, usually slower than no --jobs, which does not
    /// split).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub jobs: Option<usize>,
    /// Run only slice I of N (e.g. `--shard 2/4` on the second of four machines): of the pct
    /// and random schedules, or of a dpor proof's units. The N slices together are exactly the
    /// unsharded exploration; a dpor shard proves nothing alone: `racelab merge` its --json
    /// report with the others'.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// At most N spurious wakeups per execution under the SC checker: a condition variable's
    /// wait that returns without a notify, as std allows (0 turns them off; each one allowed
    /// adds a pass, for the deadlocks in which it never comes).
    /// [default: 1]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub spurious_wakeups: Option<u32>,
    /// Under the SC checker, explore every numbering of threads that run the same code (one
    /// execution per Mazurkiewicz class), not one per orbit: the same final states and verdict,
    /// up to n! times the executions. Labs whose threads differ say so and are never reduced.
    #[arg(long)]
    pub no_symmetry: bool,
    /// Under the SC checker, explore one execution per reads-from class: executions in which
    /// every load (and the final value of every cell) reads from the same write are one, however
    /// the writes nobody reads are ordered. Fewer executions where writes are overwritten
    /// unread (a racy counter); the same final states and verdicts. Follows loads, stores and
    /// locks (at a fetch_add, add, compare_exchange, waiting primitive or spin: explored as without
    /// the flag, and it says why); no thread symmetry, --jobs or --shard with it; no starvation
    /// figures.
    #[arg(long)]
    pub reads_from: bool,
}

/// `racelab play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The lab (see `racelab list`).
    pub lab: String,
    /// The variant (see `racelab list`) [default: the lab's first, its buggy one].
    #[arg(long)]
    pub variant: Option<String>,
    /// Threads, 1 to 8 [default: the lab's model size, usually 2].
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Iterations per thread [default: the lab's model size].
    #[arg(long, allow_negative_numbers = true)]
    pub iters: Option<u64>,
    /// Play these moves without a terminal and print the transcript: thread numbers separated
    /// by commas, e.g. `--moves 1,2,2,1`.
    #[arg(long, value_name = "MOVES")]
    pub moves: Option<String>,
}

/// `racelab merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' reports (`racelab explore ... --shard I/N --json > FILE`), in any order.
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<std::path::PathBuf>,
    /// Print one JSON document and nothing else.
    #[arg(long)]
    pub json: bool,
}

/// `racelab replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The lab the token came from.
    pub lab: String,
    /// The variant (checked against the token).
    #[arg(long)]
    pub variant: Option<String>,
    /// The token `racelab explore` printed with its counterexample.
    #[arg(long, value_name = "TOKEN")]
    pub schedule: String,
    /// Also write the replayed timeline as an SVG picture to FILE (for slides).
    #[arg(long, value_name = "FILE")]
    pub svg: Option<std::path::PathBuf>,
    /// Print one JSON document and nothing else.
    #[arg(long)]
    pub json: bool,
}

/// `racelab explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The lab (see `racelab list`).
    pub lab: String,
    /// Explain this variant (a wrong fix, say) instead of the racy one.
    #[arg(long)]
    pub variant: Option<String>,
    /// Skip the real-thread run: print only the deterministic part (the same every time).
    #[arg(long)]
    pub no_run: bool,
    /// Write the whole lesson as one self-contained HTML page to FILE (CSS and pictures
    /// inline, nothing fetched) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub html: Option<std::path::PathBuf>,
}

/// `racelab new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The lab's id, e.g. `queue`: lowercase letters, digits and dashes; its crate is
    /// `<name>-race`.
    pub name: String,
}

/// `racelab kitchen`.
#[derive(Debug, Args)]
pub struct KitchenArgs {
    /// How many tasks each model runs.
    #[arg(long, default_value_t = 8)]
    pub tasks: usize,
    /// Which work: CPU-bound, I/O-bound, or both.
    #[arg(long, value_enum, default_value_t = WorkArg::Both)]
    pub work: WorkArg,
    /// Milliseconds of work per task (for cpu: on one core).
    #[arg(long, default_value_t = 50)]
    pub ms: u64,
    /// Run every model this many times, in rounds; the figures are medians, and a model is
    /// named the winner only when its slowest run beat every other model's fastest.
    #[arg(long, default_value_t = 3)]
    pub repeats: usize,
    /// Print one JSON document (schema racelab/kitchen/v1) instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// `--work`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkArg {
    /// Compute a checksum: needs a core the whole time.
    Cpu,
    /// Wait on a timer: needs no core while it waits.
    Io,
    /// Both, CPU first.
    Both,
}

/// `racelab exercise ...`.
#[derive(Debug, Subcommand)]
pub enum ExerciseCommand {
    /// Every exercise, solved or not: what the last check of each file you changed found (a file
    /// changed since its last check is checked again, which builds it).
    List,
    /// The first exercise of the course you have not solved yet, and how to start it.
    Next,
    /// The task, the file to edit, and the command that checks it.
    Show {
        /// The exercise (see `racelab exercise list`).
        name: String,
        /// Show the reference solution (once the exercise is solved).
        #[arg(long)]
        solution: bool,
    },
    /// Check your file each time you save it, and move on to the next exercise once it holds.
    ///
    /// Starts at NAME, or at the first exercise you have not solved. It checks the file once
    /// at the start, then again on every save; when the file is verified it says so and goes on
    /// to the next unsolved exercise. Ctrl-C stops it; progress is kept.
    Watch {
        /// The exercise to start at (see `racelab exercise list`); the next unsolved by default.
        name: Option<String>,
    },
    /// Build your file and model-check it: verified (exit 0); not verified (exit 1), with a
    /// counterexample, or with why the check could not finish (a panic, a hang, more
    /// interleavings than the time limit covers); a file that does not compile gets the
    /// compiler's messages (exit 2).
    Check {
        /// The exercise (see `racelab exercise list`).
        name: String,
    },
    /// Grade a whole class: every student's file of EXERCISE in FOLDER, built once, each run in
    /// a sandbox, into one gradebook.
    ///
    /// FOLDER holds one file per student, `<student>.rs`, or a folder per student,
    /// `<student>/<exercise>.rs` (the only form when several exercises are graded at once).
    /// Each file is graded exactly as `racelab exercise check` grades it: the same checker, the
    /// same sizes, the same words. All of an exercise's files are compiled together into one
    /// grader (a file that does not compile is graded so, with the compiler's first error);
    /// then each runs in a child process with a time and a memory limit, in a scratch folder of
    /// its own, restricted by Landlock where the kernel has it: it may write nothing else, read
    /// nothing else, run no program. Grade untrusted classes inside a container as well.
    ///
    /// Exit 0 with the whole gradebook, whatever the students' verdicts; 2 on bad input.
    ///
    /// Examples:
    ///   racelab exercise grade counter submissions/
    ///   racelab exercise grade counter submissions/ --format csv --out counter.csv
    ///   racelab exercise grade counter submissions/ --format csv --out counter.csv --resume
    ///   racelab exercise grade counter,bank class/ --format junit > report.xml
    ///   racelab exercise grade counter class/ --shard 2/4 --format json > part-2.jsonl
    #[command(verbatim_doc_comment)]
    Grade {
        /// The exercise, or several, comma-separated (see `racelab exercise list`).
        #[arg(value_name = "EXERCISE[,EXERCISE...]")]
        exercises: String,
        /// The class's folder: `<student>.rs`, or `<student>/<exercise>.rs`, per student.
        folder: std::path::PathBuf,
        /// The gradebook's format: a table on the terminal; csv and json (one object per line,
        /// schema racelab/grade/v1) are written a row at a time; junit (XML, a test case per
        /// student); gradescope (Gradescope's results.json).
        #[arg(long, value_enum, default_value = "table")]
        format: crate::class::gradebook::Format,
        /// Write the gradebook to FILE instead of standard output: csv and json a whole row at a
        /// time as each student is graded, the others whole at the end.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
        /// Grade only the students not yet in --out FILE (csv or json), and add them to it: a
        /// run that was stopped goes on where it stopped.
        #[arg(long, requires = "out")]
        resume: bool,
        /// Grade only every N-th student, from the I-th, in name order (e.g. `--shard 2/4` on
        /// the second of four machines). With csv, only shard 1 writes the header, so the
        /// shards' outputs concatenate into the class's.
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
        /// Submissions graded at once [default: every core].
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Each submission's memory (address space), in MiB, 256 to 1048576; an allocation beyond
        /// it fails and the submission is graded out-of-memory.
        #[arg(long, value_name = "MIB", default_value_t = 4096)]
        memory_mib: u64,
        /// How long each exploration of a submission may take, in seconds, 1 to 86400 (two per
        /// file: the exercise's size, then the bigger one); one that loops is killed a few
        /// seconds after.
        #[arg(long, value_name = "SECONDS", default_value_t = 20)]
        time_limit: u64,
        /// How long compiling an exercise's submissions together may take, in seconds, 10 to
        /// 86400 (racelab's checkers are built first, outside the limit). A build that does not
        /// finish is stopped, and the files that stop it are found (halves are built apart) and
        /// graded does-not-compile.
        #[arg(long, value_name = "SECONDS", default_value_t = 120)]
        build_limit: u64,
        /// Do not restrict submissions with Landlock (the resource limits still hold): to
        /// compare, or on a kernel where Landlock misbehaves. The summary on stderr says so,
        /// and so do the table and each json row's `confinement`.
        #[arg(long)]
        no_landlock: bool,
    },
    /// The next hint; each call shows one more.
    Hint {
        /// The exercise (see `racelab exercise list`).
        name: String,
        /// Show every hint at once.
        #[arg(long)]
        all: bool,
    },
    /// Put the pristine stub back in place of your file, and start the exercise over (unsolved,
    /// its hints from the first).
    Reset {
        /// The exercise (see `racelab exercise list`).
        name: String,
        /// Overwrite your changes without asking.
        #[arg(long)]
        force: bool,
    },
}

/// `--window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WindowArg {
    /// No extra gap: the bare race.
    None,
    /// Two `yield_now` between load and store (one call in 64): works on one core too.
    Yield,
    /// A short busy loop between load and store (one call in 64): needs two cores.
    Spin,
}

impl From<WindowArg> for Window {
    fn from(w: WindowArg) -> Window {
        match w {
            WindowArg::None => Window::None,
            WindowArg::Yield => Window::Yield,
            WindowArg::Spin => Window::Spin,
        }
    }
}

/// `--checker`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckerArg {
    /// racelab's SC checker: every sequentially consistent behaviour, one execution per class.
    Dpor,
    /// loom: weak memory; its reduction can miss interleavings, so it never proves.
    Loom,
    /// shuttle depth-first: every sequentially consistent schedule.
    Dfs,
    /// shuttle PCT: randomized, biased towards bugs of small depth.
    Pct,
    /// shuttle random schedules.
    Random,
}

impl From<CheckerArg> for Checker {
    fn from(c: CheckerArg) -> Checker {
        match c {
            CheckerArg::Dpor => Checker::Dpor,
            CheckerArg::Loom => Checker::Loom,
            CheckerArg::Dfs => Checker::Dfs,
            CheckerArg::Pct => Checker::Pct,
            CheckerArg::Random => Checker::Random,
        }
    }
}

/// Subcommands that take lab parameters.
const WITH_LAB_PARAMS: [&str; 3] = ["run", "explore", "play"];

/// Parses the command line, with every registered lab's parameters as options.
pub fn parse() -> (Cli, BTreeMap<String, i64>) {
    let mut command = Cli::command();
    // Each lab parameter once, with every lab that has it and its default there.
    let mut seen: Vec<&str> = Vec::new();
    let mut aliases: Vec<&str> = Vec::new();
    let mut labs_of: BTreeMap<&str, (&str, Vec<String>)> = BTreeMap::new();
    for lab in racelab_labs::all() {
        let info = lab.info();
        if let Some(alias) = info.iters_alias.filter(|a| !aliases.contains(a)) {
            aliases.push(alias);
            for sub in WITH_LAB_PARAMS {
                command =
                    command.mut_subcommand(sub, |c| c.mut_arg("iters", |a| a.visible_alias(alias)));
            }
        }
        for spec in info.params {
            if !seen.contains(&spec.name) {
                seen.push(spec.name);
            }
            let entry = labs_of.entry(spec.name).or_insert((spec.help, Vec::new()));
            entry.1.push(format!("{} {}", info.id, spec.default));
        }
    }
    for (sub, real) in [("run", true), ("explore", false)] {
        let help = format!("Threads [default: {}]", default_threads(real));
        command = command.mut_subcommand(sub, |c| c.mut_arg("threads", |a| a.help(help)));
    }
    for name in &seen {
        let (help, defaults) = &labs_of[name];
        let help = format!("{help} (default: {})", defaults.join(", "));
        for sub in WITH_LAB_PARAMS {
            command = command.mut_subcommand(sub, |c| {
                c.arg(
                    Arg::new(*name)
                        .long(*name)
                        .value_name("N")
                        .allow_negative_numbers(true)
                        .value_parser(clap::value_parser!(i64))
                        .help(help.clone()),
                )
            });
        }
    }
    let matches = command
        .clone()
        .try_get_matches()
        .unwrap_or_else(|e| misplaced_flag(&command, &e).unwrap_or(e).exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let lab_params = matches
        .subcommand()
        .map(|(_, sub)| lab_params(sub, &seen))
        .unwrap_or_default();
    (cli, lab_params)
}

/// A flag that another subcommand takes (`racelab run counter --checker dpor`): one line that
/// says which subcommands take it, instead of clap's advice to pass it as a value.
fn misplaced_flag(command: &clap::Command, error: &clap::Error) -> Option<clap::Error> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(given)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let flag = given.split('=').next()?.strip_prefix("--")?;
    let used = (std::env::args().skip(1)).find(|a| command.find_subcommand(a).is_some())?;
    let owners: Vec<&str> = (command.get_subcommands())
        .filter(|c| !c.is_hide_set() && c.get_name() != used)
        .filter(|c| c.get_arguments().any(|a| a.get_long() == Some(flag)))
        .map(|c| c.get_name())
        .collect();
    let text = if owners.is_empty() {
        format!("racelab {used} has no option --{flag}: see `racelab {used} --help`")
    } else {
        format!(
            "racelab {used} does not take --{flag}; {} does: see `racelab {used} --help` for \
             what {used} takes",
            owners.join(" and ")
        )
    };
    Some(clap::Error::raw(
        ErrorKind::UnknownArgument,
        format!("{text}\n"),
    ))
}

/// Every lab's default thread count on real threads or under the checkers, in words: the usual
/// one, then the labs that differ (`2; processes 4`).
fn default_threads(real: bool) -> String {
    let labs: Vec<(&str, usize)> = racelab_labs::all()
        .map(|lab| lab.info())
        .filter(|info| real || info.model_checked)
        .map(|info| {
            let sizes = if real {
                info.real_sizes
            } else {
                info.model_sizes
            };
            (info.id, sizes.threads)
        })
        .collect();
    let usual = (labs.iter().map(|l| l.1))
        .max_by_key(|&n| labs.iter().filter(|l| l.1 == n).count())
        .unwrap_or(2);
    let others: Vec<String> = (labs.iter())
        .filter(|l| l.1 != usual)
        .map(|(id, n)| format!("{id} {n}"))
        .collect();
    if others.is_empty() {
        format!("{usual}")
    } else {
        format!("{usual}; {}", others.join(", "))
    }
}

fn lab_params(sub: &ArgMatches, names: &[&str]) -> BTreeMap<String, i64> {
    names
        .iter()
        .filter_map(|name| {
            let value = sub.try_get_one::<i64>(name).ok().flatten()?;
            Some((name.to_string(), *value))
        })
        .collect()
}
