//! What racelab remembers between commands: the next hint of each exercise, which are solved,
//! and what the last check of each working copy found.

use super::files;
use racelab_core::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The remembered state, in `state.json` under [`files::state_dir`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// How many hints of each exercise were shown.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
    /// Exercises verified at least once.
    #[serde(default)]
    pub solved: BTreeSet<String>,
    /// What the last check of each exercise's working copy found, and of which copy.
    #[serde(default)]
    pub checked: BTreeMap<String, Checked>,
}

/// What one check of a working copy found, and of which copy, by which racelab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// [`Checked::key`] of the copy and the racelab that checked it.
    pub key: String,
    /// What it found.
    pub found: Found,
}

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Found {
    /// Verified.
    Solved,
    /// Built, and not verified.
    Unsolved,
    /// It did not compile.
    DoesNotCompile,
}

impl Checked {
    /// What names a working copy's check: its text, and the racelab binary that checks it (a
    /// new build may judge it otherwise), hashed. (std's hasher may change between Rust
    /// releases: a racelab built by another then checks again.)
    pub fn key(text: &str) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        text.hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        let built = std::env::current_exe().and_then(std::fs::metadata);
        (built.and_then(|m| m.modified()).ok()).hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }
}

fn path(root: &Path) -> PathBuf {
    files::state_dir(root).join("state.json")
}

impl State {
    /// The remembered state (empty if there is none, or it is unreadable).
    pub fn load(root: &Path) -> State {
        std::fs::read_to_string(path(root))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Remembers it.
    pub fn save(&self, root: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Failed(e.to_string()))?;
        files::write(&path(root), &text)
    }
}
