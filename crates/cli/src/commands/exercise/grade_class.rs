//! `racelab exercise grade <exercise> <folder>`: a whole class's files, built once, each graded
//! in a sandbox, into one gradebook.

use crate::args::ExerciseCommand;
use crate::class::build::{self, Built};
use crate::class::gradebook::{About, Format};
use crate::class::row::Row;
use crate::class::run::{self, Item, Plan, Settings};
use crate::class::submissions::{self, Submission};
use crate::class::{gradebook, refuse};
use crate::exercise::{catalog, files, Exercise};
use racelab_core::explore::Shard;
use racelab_core::Error;
use racelab_labs as labs;
use racelab_labs::sandbox::Confinement;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Why a file that is not UTF-8 is not compiled.
const NOT_UTF8: &str = "the file is not UTF-8 text, which Rust source must be: save it as UTF-8";

/// The longest `--time-limit`, in seconds: a day an exploration.
const MAX_TIME_LIMIT: u64 = 24 * 60 * 60;
/// The largest `--memory-mib`: a TiB.
const MAX_MEMORY_MIB: u64 = 1 << 20;

/// Grades the class; exit 0 with the whole gradebook.
pub fn run(root: &Path, command: &ExerciseCommand) -> anyhow::Result<ExitCode> {
    let ExerciseCommand::Grade {
        exercises,
        folder,
        format,
        out,
        resume,
        shard,
        jobs,
        memory_mib,
        time_limit,
        build_limit,
        no_landlock,
    } = command
    else {
        unreachable!("called for `exercise grade` only");
    };
    let mut exercises: Vec<&Exercise> = exercises
        .split(',')
        .map(|name| catalog().find(name.trim()))
        .collect::<Result<_, _>>()?;
    let mut named = BTreeSet::new();
    exercises.retain(|exercise| named.insert(exercise.name.clone()));
    let shard = shard.as_deref().map(Shard::parse).transpose()?;
    let jobs = match jobs {
        Some(0) => return Err(Error::BadInput("--jobs 0: give at least 1".into()).into()),
        Some(n) => *n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    if !(256..=MAX_MEMORY_MIB).contains(memory_mib) {
        return Err(Error::BadInput(format!(
            "--memory-mib {memory_mib}: give 256 (what a grader needs) to {MAX_MEMORY_MIB} MiB"
        ))
        .into());
    }
    if !(1..=MAX_TIME_LIMIT).contains(time_limit) {
        return Err(Error::BadInput(format!(
            "--time-limit {time_limit}: give 1 to {MAX_TIME_LIMIT} seconds an exploration"
        ))
        .into());
    }
    if !(10..=MAX_TIME_LIMIT).contains(build_limit) {
        return Err(Error::BadInput(format!(
            "--build-limit {build_limit}: give 10 to {MAX_TIME_LIMIT} seconds a build"
        ))
        .into());
    }
    let settings = Settings {
        jobs,
        memory_mib: *memory_mib,
        landlock: !no_landlock,
        time_limit: Duration::from_secs(*time_limit),
        build_limit: Duration::from_secs(*build_limit),
    };
    if !folder.is_dir() {
        let what = if folder.exists() {
            "not a folder"
        } else {
            "no such folder"
        };
        return Err(Error::BadInput(format!(
            "{}: {what}: give the folder that holds the class's files",
            folder.display()
        ))
        .into());
    }
    if *resume && !format.by_row() {
        return Err(Error::BadInput(
            "--resume reads back a gradebook written a row at a time: use --format csv or json"
                .into(),
        )
        .into());
    }
    let done = if *resume {
        already_graded(out.as_deref(), *format)?
    } else {
        BTreeSet::new()
    };
    let classes: Vec<(&Exercise, Vec<Submission>)> = exercises
        .iter()
        .map(|exercise| {
            submissions::find(folder, &exercise.name, exercises.len() == 1)
                .map(|all| (*exercise, submissions::shard(all, shard)))
        })
        .collect::<Result<_, _>>()?;
    if classes.iter().all(|(_, class)| class.is_empty()) && shard.is_none() {
        let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
        let layout = if exercises.len() == 1 {
            "one file per student, <student>.rs, or a folder per student, <student>/<exercise>.rs"
        } else {
            "a folder per student, <student>/<exercise>.rs"
        };
        return Err(Error::BadInput(format!(
            "no submissions of {} in {}: put {layout} there",
            names.join(", "),
            folder.display()
        ))
        .into());
    }
    if *format == Format::Gradescope {
        warn_if_several(&classes);
    }
    let mut sink = Sink::open(out.as_deref(), *format, *resume, shard)?;
    let colour = colored::control::SHOULD_COLORIZE.should_colorize();
    // What the rows keep is plain text, whatever the terminal.
    colored::control::set_override(false);
    let started = Instant::now();
    let mut rows = Vec::new();
    for (exercise, class) in &classes {
        let todo: Vec<&Submission> = class
            .iter()
            .filter(|s| !done.contains(&(exercise.name.clone(), s.student.clone())))
            .collect();
        if !todo.is_empty() {
            grade_exercise(root, exercise, &todo, (folder, shard), settings, |row| {
                sink.row(&row)?;
                rows.push(row);
                Ok(())
            })?;
        }
    }
    colored::control::set_override(colour);
    let about = About {
        seconds: started.elapsed().as_secs_f64(),
        confinement: weakest(&rows).map(|c| c.describe().to_string()),
    };
    sink.finish(&rows, &about)?;
    let kept = (classes.iter())
        .flat_map(|(exercise, class)| {
            class
                .iter()
                .map(|s| (exercise.name.clone(), s.student.clone()))
        })
        .filter(|pair| done.contains(pair))
        .count();
    let skipped = if kept == 0 {
        String::new()
    } else {
        format!(" ({kept} graded before, kept)")
    };
    // The table ends in the summary; other formats get it on stderr.
    if *format != Format::Table || !skipped.is_empty() {
        eprintln!("{}{skipped}", gradebook::summary(&rows, about.seconds));
    }
    // The table on a terminal says it already.
    let weak = matches!(
        weakest(&rows),
        Some(Confinement::LimitsOnly | Confinement::PartialLandlock)
    );
    if weak && (*format != Format::Table || out.is_some()) {
        eprintln!("sandbox: {}", about.confinement.unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}

/// Gradescope's results.json is one submission's: a class of several students in one is said
/// on stderr (one test per student and exercise; Gradescope would add them into one score).
fn warn_if_several(classes: &[(&Exercise, Vec<Submission>)]) {
    let students: BTreeSet<&str> = (classes.iter())
        .flat_map(|(_, class)| class.iter().map(|s| s.student.as_str()))
        .collect();
    if students.len() > 1 {
        eprintln!(
            "note: --format gradescope with {} students: one test per student and exercise, in \
             one results.json, which Gradescope scores as one submission's (its run_autograder \
             grades one student's files; for a class, csv, json or junit)",
            students.len()
        );
    }
}

/// Builds and grades `todo`, the class's files of `exercise`, handing each row on in order.
fn grade_exercise(
    root: &Path,
    exercise: &Exercise,
    todo: &[&Submission],
    class: (&Path, Option<Shard>),
    settings: Settings,
    each: impl FnMut(Row) -> Result<(), Error>,
) -> Result<(), Error> {
    let info = labs::find(&exercise.lab)?.info();
    let dir = class_dir(root, exercise, class);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Failed(format!("cannot create {}: {e}", dir.display())))?;
    // One run at a time grades a class's exercise (its copies, its grader, its scratch folders).
    let _lock = files::lock(&dir.join("lock"))?;
    let progress = progress_bar(todo.len());
    let mut refused = BTreeMap::new();
    let mut unreadable = BTreeMap::new();
    for submission in todo.iter().filter(|s| s.present) {
        let student = submission.student.clone();
        match std::fs::read(&submission.path).map(String::from_utf8) {
            Err(e) => _ = unreadable.insert(student, e.to_string()),
            Ok(Err(_)) => _ = refused.insert(student, NOT_UTF8.to_string()),
            Ok(Ok(source)) => {
                if let Some(why) = refuse::refused(&source) {
                    refused.insert(student, why);
                }
            }
        }
    }
    let to_build: Vec<&Submission> = (todo.iter().copied())
        .filter(|s| s.present && !refused.contains_key(&s.student))
        .filter(|s| !unreadable.contains_key(&s.student))
        .collect();
    let built = if to_build.is_empty() {
        Built {
            grader: None,
            refused: Default::default(),
        }
    } else {
        let limit = settings.build_limit;
        build::build(root, exercise, info, &to_build, &dir, limit, &progress)?
    };
    refused.extend(built.refused);
    progress.set_message(format!("grading {}", exercise.name));
    let items = (todo.iter().copied())
        .map(|s| {
            let (student, file) = (&s.student, &s.file);
            let why = unreadable.get(student).map(String::as_str);
            match refused.get(student) {
                _ if !s.present || why.is_some() => {
                    Item::Ready(Box::new(Row::missing(exercise, student, file, why)))
                }
                Some(error) => {
                    Item::Ready(Box::new(Row::not_compiled(exercise, student, file, error)))
                }
                None => Item::Grade(s),
            }
        })
        .collect();
    let plan = Plan {
        exercise,
        info,
        scratch: dir.join("scratch"),
        settings,
    };
    let mut each = each;
    let graded = run::grade_all(&plan, built.grader.as_ref(), items, |row| {
        progress.inc(1);
        each(row)
    });
    progress.finish_and_clear();
    // The copies stay, for the next run over this class; the grader is cargo's to rebuild.
    let _ = std::fs::remove_dir_all(dir.join("scratch"));
    let _ = std::fs::remove_file(dir.join("grader"));
    graded
}

/// Where a class's exercise is built and graded: the same folder for the same class, exercise
/// and shard, so that grading it again (`--resume`, another format) reuses the build.
fn class_dir(root: &Path, exercise: &Exercise, (folder, shard): (&Path, Option<Shard>)) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf())
        .hash(&mut hasher);
    shard.map(|s| (s.index, s.count)).hash(&mut hasher);
    files::target(root).join("racelab-graders").join(format!(
        "class-{}-{:016x}",
        exercise.name,
        hasher.finish()
    ))
}

/// A bar on a terminal (nothing elsewhere): submissions graded, of how many, and the time.
fn progress_bar(length: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(length as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The least confinement any row ran under.
fn weakest(rows: &[Row]) -> Option<Confinement> {
    let rank = |c: &Confinement| match c {
        Confinement::LimitsOnly => 0,
        Confinement::PartialLandlock => 1,
        Confinement::Landlock => 2,
    };
    rows.iter()
        .filter_map(|row| row.confinement)
        .min_by_key(rank)
}

/// The (exercise, student) pairs already in `out`; a last line cut short is cut off.
fn already_graded(out: Option<&Path>, format: Format) -> Result<BTreeSet<(String, String)>, Error> {
    let Some(out) = out else {
        return Ok(BTreeSet::new());
    };
    let text = match std::fs::read_to_string(out) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => {
            return Err(Error::BadInput(format!(
                "--resume: cannot read {}: {e}",
                out.display()
            )))
        }
    };
    let whole = &text[..text.rfind('\n').map_or(0, |at| at + 1)];
    if whole.len() < text.len() {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(out)
            .and_then(|file| file.set_len(whole.len() as u64));
        file.map_err(|e| Error::Failed(format!("cannot mend {}: {e}", out.display())))?;
    }
    Ok(format.graded(whole)?.into_iter().collect())
}

/// Where the gradebook goes: rows as they come (csv, json), or a document at the end.
struct Sink {
    format: Format,
    /// The file rows go to (row formats with --out), opened at the first row: a run that fails
    /// before it grades anyone leaves an earlier gradebook as it was.
    rows_to: Option<PathBuf>,
    /// That file, once open.
    file: Option<File>,
    /// That file, open and locked from the start when it exists (nothing written to it yet),
    /// so that two runs never write one gradebook (two shards given one --out).
    held: Option<File>,
    /// Whether rows are added to what the file holds (--resume) rather than replace it.
    resume: bool,
    /// The CSV header, for a file or a standard output that starts empty.
    header: Option<String>,
    /// The file the document goes to (documents with --out).
    document: Option<PathBuf>,
}

/// `file` (the gradebook at `path`), locked for this run: refused when another run holds it.
fn locked(file: File, path: &Path) -> Result<File, Error> {
    // A pipe or a device is not a gradebook two runs could overwrite.
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Ok(file);
    }
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::BadInput(format!(
            "{}: another racelab is writing this gradebook: give each run (each --shard) its \
             own --out, and concatenate them when all are done",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Failed(format!(
            "cannot lock {}: {e}",
            path.display()
        ))),
    }
}

impl Sink {
    fn open(
        out: Option<&Path>,
        format: Format,
        resume: bool,
        shard: Option<Shard>,
    ) -> Result<Sink, Error> {
        let header = format
            .header()
            .filter(|_| shard.is_none_or(|s| s.index == 1));
        if let Some(path) = out {
            // Fail now, not after an hour of grading.
            crate::picture::check_folder(path)?;
        }
        let mut sink = Sink {
            format,
            rows_to: None,
            file: None,
            held: None,
            resume,
            header,
            document: None,
        };
        match out {
            Some(path) if format.by_row() => {
                let existing = std::fs::OpenOptions::new().append(true).open(path);
                if let Ok(file) = existing {
                    sink.held = Some(locked(file, path)?);
                }
                sink.rows_to = Some(path.to_path_buf());
            }
            Some(path) => sink.document = Some(path.to_path_buf()),
            None if format.by_row() => {
                if let Some(header) = sink.header.take() {
                    out!("{header}").map_err(|e| Error::Failed(e.to_string()))?;
                }
            }
            None => {}
        }
        Ok(sink)
    }

    /// The file rows go to, opened (emptied unless resuming, a header if it is empty).
    fn rows_file(&mut self) -> Result<Option<&mut File>, Error> {
        let Some(path) = &self.rows_to else {
            return Ok(None);
        };
        if self.file.is_none() {
            let failed =
                |e: std::io::Error| Error::Failed(format!("cannot write {}: {e}", path.display()));
            let mut file = match self.held.take() {
                Some(file) => file,
                None => {
                    let mut options = std::fs::OpenOptions::new();
                    let file = options.create(true).append(true).open(path);
                    locked(file.map_err(failed)?, path)?
                }
            };
            // A pipe or a device (`/dev/stdout`) is written to as it is.
            let regular = file.metadata().map_err(failed)?.is_file();
            if regular && !self.resume {
                file.set_len(0).map_err(failed)?;
            }
            let empty = !regular || file.metadata().map_err(failed)?.len() == 0;
            if let Some(header) = self.header.take().filter(|_| empty) {
                file.write_all(header.as_bytes()).map_err(failed)?;
            }
            self.file = Some(file);
        }
        Ok(self.file.as_mut())
    }

    /// One student's row, whole, as soon as it is graded (row formats).
    fn row(&mut self, row: &Row) -> Result<(), Error> {
        if !self.format.by_row() {
            return Ok(());
        }
        let line = self.format.line(row);
        let written = match self.rows_file()? {
            Some(file) => file.write_all(line.as_bytes()),
            None => out!("{line}"),
        };
        written.map_err(|e| Error::Failed(format!("cannot write the gradebook: {e}")))
    }

    /// The document (document formats), whole: to a file through a rename, never half written;
    /// for row formats, the file even when no row was graded.
    fn finish(mut self, rows: &[Row], about: &About) -> Result<(), Error> {
        if self.format.by_row() {
            return self.rows_file().map(|_| ());
        }
        let text = self.format.document(rows, about);
        let failed = |e: std::io::Error| Error::Failed(format!("cannot write the gradebook: {e}"));
        match self.document {
            Some(path) => crate::picture::write_whole(&path, &text),
            None => out!("{text}").map_err(failed),
        }
    }
}
