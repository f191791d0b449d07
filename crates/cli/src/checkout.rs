//! The racelab checkout the user works in: found from the current directory as cargo finds its
//! workspace, else `RACELAB_ROOT`; never the tree this binary was built from.

use racelab_core::Error;
use std::path::{Path, PathBuf};

/// What every racelab checkout has: the lab registry (`racelab new` edits it; exercises live
/// in its labs).
const REGISTRY: &str = "crates/labs/Cargo.toml";

/// Whether `dir` is the root of a racelab workspace.
fn is_checkout(dir: &Path) -> bool {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    manifest.lines().any(|l| l.trim() == "[workspace]") && dir.join(REGISTRY).is_file()
}

/// The checkout: the nearest folder at or above the current directory that is a racelab
/// workspace, else `RACELAB_ROOT`; otherwise an error that says how to point at one.
pub fn root() -> Result<PathBuf, Error> {
    let here = std::env::current_dir()
        .map_err(|e| Error::BadInput(format!("cannot read the current directory: {e}")))?;
    if let Some(found) = here.ancestors().find(|dir| is_checkout(dir)) {
        return Ok(found.to_path_buf());
    }
    match std::env::var_os("RACELAB_ROOT").map(PathBuf::from) {
        Some(root) if is_checkout(&root) => Ok(root),
        Some(root) => Err(Error::BadInput(format!(
            "RACELAB_ROOT is {}, which is not a racelab checkout (no {REGISTRY}): point it at \
             your clone of racelab",
            root.display()
        ))),
        None => Err(Error::BadInput(format!(
            "{} is not inside a racelab checkout: cd into your clone of racelab (exercises and \
             new labs live there), or set RACELAB_ROOT to it",
            here.display()
        ))),
    }
}

/// `path` as the user can type it from where they stand: relative when it is below the current
/// directory, whole otherwise.
pub fn shown(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    here.ok()
        .and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf))
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or(path)
        .display()
        .to_string()
}
