//! Writes a picture to the path the user gave: through a temporary file beside it, renamed into
//! place, so that a failure leaves nothing half written.

use racelab_core::Error;
use std::path::Path;

/// Checks before any work that `path` is in a folder that exists: one line, and nothing done,
/// when it is not.
pub fn check_folder(path: &Path) -> Result<(), Error> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if folder.is_dir() && !path.is_dir() {
        return Ok(());
    }
    Err(Error::BadInput(format!(
        "cannot write {}: no such folder, or it is a folder itself; give a path in a folder that \
         exists and that you can write",
        path.display()
    )))
}

/// Writes `text` to `path` whole, or says in one line why it cannot.
pub fn write_whole(path: &Path, text: &str) -> Result<(), Error> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let cannot = |why: String| {
        Error::BadInput(format!(
            "cannot write {}: {why}; give a path in a folder that exists and that you can write",
            path.display()
        ))
    };
    if !folder.is_dir() {
        return Err(cannot(format!("no folder {}", folder.display())));
    }
    let name = path
        .file_name()
        .ok_or_else(|| cannot("it names no file".into()))?;
    let temporary = folder.join(format!(".{}.racelab-tmp", name.to_string_lossy()));
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            cannot(e.to_string())
        })
}
