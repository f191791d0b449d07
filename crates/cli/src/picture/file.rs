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
    // A link is written through, to what it names; a pipe or a device (`/dev/stdout`) as it is,
    // since there is no file to replace.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(path, text).map_err(|e| cannot(e.to_string()));
    }
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink());
    if is_link(path) {
        let target = linked(path);
        if is_link(&target) {
            return Err(cannot(
                "a link that leads nowhere, round in a circle".into(),
            ));
        }
        return write_whole(&target, text);
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

/// What the link `path` leads to: the file, whether or not it exists yet (a few links deep).
fn linked(path: &Path) -> std::path::PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let mut at = path.to_path_buf();
    for _ in 0..8 {
        let Ok(target) = std::fs::read_link(&at) else {
            break;
        };
        at = at.parent().unwrap_or(Path::new(".")).join(target);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_written_through_and_a_circle_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let link = dir.path().join("link.xml");
        std::os::unix::fs::symlink("sub/real.xml", &link).unwrap();
        write_whole(&link, "<a/>").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        let real = std::fs::read_to_string(dir.path().join("sub/real.xml")).unwrap();
        assert_eq!(real, "<a/>");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let error = write_whole(&a, "x").unwrap_err().to_string();
        assert!(error.contains("round in a circle"), "{error}");
        assert!(std::fs::symlink_metadata(&a).unwrap().is_symlink());
    }
}
