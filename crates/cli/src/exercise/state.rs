//! What racelab remembers between commands: the next hint of each exercise, and which are solved.

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
