//! The exercise catalogue: `exercises.toml` at the root of the repository, embedded at build time.

use crate::words;
use racelab_core::{Error, LabInfo, Params};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The catalogue's text, as this binary was built with it.
pub const SOURCE: &str = include_str!("../../../../exercises.toml");

/// The catalogue format this racelab reads.
pub const VERSION: u32 = 1;

/// Every exercise, in the order `racelab exercise list` shows them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The exercises.
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

/// One exercise: a racy file for the student to fix, and how it is graded.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The name used on the command line, e.g. `bank`.
    pub name: String,
    /// The lab whose invariant grades it, e.g. `bank`.
    pub lab: String,
    /// The folder of its files, from the repository root.
    pub dir: String,
    /// The function the student edits.
    pub function: String,
    /// What to do, in one sentence.
    pub task: String,
    /// The invariant checked, in words.
    pub invariant: String,
    /// The size explored first: by racelab's SC checker, every SC behaviour; by loom where the
    /// code uses weaker orderings than SeqCst.
    pub model: Size,
    /// The bigger size explored next, the same way; none for a lab of one size.
    #[serde(default)]
    pub bigger: Option<Size>,
    /// For memory-ordering exercises: the orderings of the weakest correct solution, and what
    /// to say to a correct solution that does not use them all (it is stronger than needed).
    #[serde(default)]
    pub weakest: Option<Weakest>,
    /// Other correct solutions, in `solutions/`.
    #[serde(default)]
    pub also_correct: Vec<String>,
    /// Mistakes students make, in `wrong/`.
    #[serde(default)]
    pub known_wrong: Vec<String>,
    /// Hints, from a nudge to nearly the answer.
    pub hints: Vec<String>,
}

/// The weakest orderings that solve a memory-ordering exercise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weakest {
    /// Every ordering weaker than SeqCst that the weakest solution uses, e.g. `Release`.
    pub orderings: Vec<String>,
    /// Said on success when the student's code leaves one of them out: correct, not weakest.
    pub note: String,
}

impl Weakest {
    /// The note for a correct solution that used `used` (its orderings weaker than SeqCst), if
    /// it is stronger than needed.
    pub fn note_for(&self, used: &[String]) -> Option<&str> {
        let missing = self.orderings.iter().any(|o| !used.contains(o));
        missing.then_some(self.note.as_str())
    }
}

/// Threads, iterations and lab parameters of one exploration.
#[derive(Debug, Clone, Deserialize)]
pub struct Size {
    /// Threads.
    pub threads: usize,
    /// Iterations per thread.
    pub iters: u64,
    /// The lab's own parameters, e.g. `amount`.
    #[serde(flatten)]
    pub params: BTreeMap<String, i64>,
}

impl Size {
    /// The full parameters for `info`'s lab (its defaults where not given).
    pub fn params(&self, info: &LabInfo) -> Result<Params, Error> {
        Params::resolve(info, self.threads, self.iters, &self.params)
    }

    /// `2 threads x 1 withdrawal, amount 30` (tasks, for a lab of tasks).
    pub fn describe(&self, info: &LabInfo) -> String {
        let mut text = format!(
            "{} x {}",
            words::count(self.threads as u64, info.worker_unit()),
            words::count(self.iters, info.iteration)
        );
        for (name, value) in &self.params {
            text.push_str(&format!(", {name} {value}"));
        }
        text
    }
}

impl Catalog {
    /// The exercise called `name`, or an error naming them all.
    pub fn find(&self, name: &str) -> Result<&Exercise, Error> {
        self.exercises
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| {
                let names: Vec<_> = self.exercises.iter().map(|e| e.name.as_str()).collect();
                Error::BadInput(format!(
                    "unknown exercise '{name}'; the exercises are: {} (see `racelab exercise list`)",
                    names.join(", ")
                ))
            })
    }
}

impl Exercise {
    /// The sizes it is graded at, in words: `2 threads x 1 withdrawals, then 3 threads x ...`.
    pub fn sizes(&self, info: &LabInfo) -> String {
        match &self.bigger {
            Some(bigger) => format!(
                "{}, then {}",
                self.model.describe(info),
                bigger.describe(info)
            ),
            None => self.model.describe(info),
        }
    }

    /// The pristine stub.
    pub fn stub(&self, root: &Path) -> PathBuf {
        root.join(&self.dir)
            .join("stubs")
            .join(format!("{}.rs", self.name))
    }

    /// The reference solution.
    pub fn solution(&self, root: &Path) -> PathBuf {
        self.solution_named(root, &self.name)
    }

    /// A correct solution in `solutions/`.
    pub fn solution_named(&self, root: &Path, name: &str) -> PathBuf {
        root.join(&self.dir)
            .join("solutions")
            .join(format!("{name}.rs"))
    }

    /// A known-wrong solution in `wrong/`.
    pub fn wrong(&self, root: &Path, name: &str) -> PathBuf {
        root.join(&self.dir)
            .join("wrong")
            .join(format!("{name}.rs"))
    }
}

/// The catalogue this binary was built with.
///
/// # Panics
/// If `exercises.toml` does not parse; the test suite parses it, so a release cannot.
pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
        let catalog: Catalog =
            toml::from_str(SOURCE).unwrap_or_else(|e| panic!("exercises.toml: {e}"));
        assert_eq!(
            catalog.version, VERSION,
            "exercises.toml: version {} is not {VERSION}",
            catalog.version
        );
        catalog
    });
    &CATALOG
}
