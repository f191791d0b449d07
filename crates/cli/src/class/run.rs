//! Grades a class's compiled submissions, N at once: each exploration in a child process of the
//! class's grader, inside the sandbox (its own scratch folder, resource limits, Landlock), killed
//! with everything it started when it is done or out of time. Rows come back in class order.

use super::build::ClassGrader;
use super::row::Row;
use super::submissions::Submission;
use crate::exercise::{files, grade, verdict, Exercise, Grade};
use racelab_core::{Error, LabInfo};
use racelab_labs::sandbox::{Confinement, Limits};
use racelab_labs::worker::{self, Child, Job};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Extra wall time a child gets beyond its exploration's limit before it is killed.
const GRACE: Duration = Duration::from_secs(3);

/// How every submission is graded, whatever its exercise.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How many submissions are graded at once.
    pub jobs: usize,
    /// Address space per child, in MiB.
    pub memory_mib: u64,
    /// Whether children restrict themselves with Landlock.
    pub landlock: bool,
    /// How long each exploration may take.
    pub time_limit: Duration,
    /// How long one cargo build of the class's grader may take.
    pub build_limit: Duration,
}

/// How one exercise's submissions are graded.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The exercise.
    pub exercise: &'a Exercise,
    /// Its lab.
    pub info: &'a LabInfo,
    /// Where each submission gets a scratch folder of its own.
    pub scratch: PathBuf,
    /// The limits.
    pub settings: Settings,
}

/// A submission's place in the gradebook: its row already (it did not compile), or to grade.
#[derive(Debug)]
pub enum Item<'a> {
    /// The row is known.
    Ready(Box<Row>),
    /// Grade it with the class's grader.
    Grade(&'a Submission),
}

/// Grades `items` with `grader`, and hands each row to `each` in the items' order.
pub fn grade_all(
    plan: &Plan,
    grader: Option<&ClassGrader>,
    items: Vec<Item>,
    mut each: impl FnMut(Row) -> Result<(), Error>,
) -> Result<(), Error> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, Result<Row, Error>)>();
    let items = &items;
    std::thread::scope(|scope| {
        for _ in 0..plan.settings.jobs.max(1) {
            let send = send.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || loop {
                let at = next.fetch_add(1, Ordering::Relaxed);
                if at >= items.len() || stop.load(Ordering::Relaxed) {
                    return;
                }
                let row = match &items[at] {
                    Item::Ready(row) => Ok(row.as_ref().clone()),
                    Item::Grade(submission) => match grader {
                        Some(grader) => one(plan, grader, submission),
                        None => Err(Error::Failed("no grader was built".into())),
                    },
                };
                if send.send((at, row)).is_err() {
                    return;
                }
            });
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (at, row) in receive {
            waiting.insert(at, row);
            while let Some(row) = waiting.remove(&due) {
                due += 1;
                if let Err(error) = row.and_then(&mut each) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
            }
        }
        Ok(())
    })
}

/// Grades one submission in the sandbox.
fn one(plan: &Plan, grader: &ClassGrader, submission: &Submission) -> Result<Row, Error> {
    let module = grader.modules.get(&submission.student).ok_or_else(|| {
        Error::Failed(format!(
            "{} is not in the class's grader",
            submission.student
        ))
    })?;
    let scratch = plan.scratch.join(module);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .map_err(|e| Error::Failed(format!("cannot create {}: {e}", scratch.display())))?;
    let limits = Limits {
        scratch: scratch.clone(),
        memory_mib: plan.settings.memory_mib,
        cpu_seconds: (plan.settings.time_limit + GRACE * 2).as_secs(),
        landlock: plan.settings.landlock,
    };
    let started = Instant::now();
    let mut confinement: Option<Confinement> = None;
    let mut sandbox_failed = None;
    let graded: Grade = grade::grade_within(
        plan.exercise,
        plan.info,
        plan.settings.time_limit,
        |request| {
            let child = Child {
                program: &grader.exe,
                args: &[module.as_str()],
                wall_limit: plan.settings.time_limit,
                grace: GRACE,
                sandbox: Some(&limits),
            };
            let job = Job::Explore {
                lab: plan.info.id.to_string(),
                request: request.clone(),
            };
            let (reply, how) = worker::run(&child, &job);
            confinement = confinement.or(how);
            if let Err(Error::Failed(message)) = &reply {
                if message.starts_with(worker::SANDBOX_FAILED) {
                    sandbox_failed = Some(message.clone());
                }
            }
            reply
        },
    )?;
    let _ = std::fs::remove_dir_all(&scratch);
    if let Some(message) = sandbox_failed {
        return Err(Error::Failed(format!(
            "{message} (grading {}): nothing was graded unconfined",
            submission.file
        )));
    }
    let source = files::read(&submission.path).unwrap_or_default();
    let output = verdict::text(plan.exercise, plan.info, &graded, &submission.file, &source);
    let mut row = Row::graded(
        plan.exercise,
        plan.info,
        &submission.student,
        &submission.file,
        &graded,
        output,
    );
    row.seconds = started.elapsed().as_secs_f64();
    row.confinement = confinement;
    Ok(row)
}
