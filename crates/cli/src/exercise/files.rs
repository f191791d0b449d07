//! Where the exercise files live: the repository root, the student's working copies, state.

use super::Exercise;
use racelab_core::Error;
use std::path::{Path, PathBuf};

/// Where working copies live instead of the labs' folders, when set (`RACELAB_EXERCISE_DIR`).
fn work_dir() -> Option<PathBuf> {
    std::env::var_os("RACELAB_EXERCISE_DIR").map(PathBuf::from)
}

/// The student's working copy of `exercise`.
pub fn working(root: &Path, exercise: &Exercise) -> PathBuf {
    let name = format!("{}.rs", exercise.name);
    match work_dir() {
        Some(dir) => dir.join(name),
        None => root.join(&exercise.dir).join(name),
    }
}

/// The cargo target directory (`CARGO_TARGET_DIR`, or `target` in the repository).
pub fn target(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Where racelab keeps the student's progress (hints shown, exercises solved): with the working
/// copies, in the checkout the student works in (`.racelab/`, beside `labs/`), so that it
/// survives `cargo clean` and no two checkouts share it.
pub fn state_dir(root: &Path) -> PathBuf {
    work_dir().unwrap_or_else(|| root.join(".racelab"))
}

/// Reads a file, or says which one could not be read.
pub fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::Failed(format!("cannot read {}: {e}", path.display())))
}

/// Writes a file, creating its folder, or says which one could not be written.
pub fn write(path: &Path, text: &str) -> Result<(), Error> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .and_then(|()| std::fs::write(path, text))
        .map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))
}

/// The pristine stub's text, or an error that says where racelab looked and how to point it
/// at a racelab checkout.
pub fn stub(root: &Path, exercise: &Exercise) -> Result<String, Error> {
    let path = exercise.stub(root);
    std::fs::read_to_string(&path).map_err(|e| {
        Error::Failed(format!(
            "cannot read the stub {}: {e}; exercises live in a racelab checkout: set \
             RACELAB_ROOT to yours",
            path.display()
        ))
    })
}

/// Whether the working copy is missing or still the stub.
pub fn untouched(root: &Path, exercise: &Exercise) -> Result<bool, Error> {
    let working = working(root, exercise);
    if !working.exists() {
        return Ok(true);
    }
    Ok(read(&working)? == stub(root, exercise)?)
}

/// The working copy, made from the stub if there is none yet; `true` when it was just made.
pub fn ensure_working(root: &Path, exercise: &Exercise) -> Result<(PathBuf, bool), Error> {
    let working = working(root, exercise);
    if working.exists() {
        return Ok((working, false));
    }
    write(&working, &stub(root, exercise)?)?;
    Ok((working, true))
}

/// The lock file at `path` (made if missing), taken: waits while another racelab holds it.
pub fn lock(path: &Path) -> Result<std::fs::File, Error> {
    std::fs::File::create(path)
        .and_then(|file| file.lock().map(|()| file))
        .map_err(|e| Error::Failed(format!("cannot lock {}: {e}", path.display())))
}
