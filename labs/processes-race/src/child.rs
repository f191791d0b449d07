//! The child's side: `racelab __process VARIANT FILE INCREMENTS WINDOW`.

use crate::{CODE, INFO};
use racelab_core::Window;
use std::fs::OpenOptions;
use std::path::PathBuf;

/// Set in a child's environment to make it fail (for tests of the parent's clean-up).
pub const FAIL_ENV: &str = "RACELAB_CHILD_FAIL";

/// What the parent tells a child.
#[derive(Debug, Clone)]
pub struct ChildArgs {
    /// The variant.
    pub variant: String,
    /// The counter file.
    pub file: PathBuf,
    /// Increments to do.
    pub increments: u64,
    /// The race window between read and write.
    pub window: Window,
}

impl ChildArgs {
    /// As command-line arguments, after `__process`.
    pub fn to_args(&self) -> Vec<String> {
        vec![
            self.variant.clone(),
            self.file.display().to_string(),
            self.increments.to_string(),
            self.window.name().into(),
        ]
    }

    /// From command-line arguments, after `__process`.
    pub fn parse(args: &[String]) -> Result<ChildArgs, String> {
        let [variant, file, increments, window] = args else {
            return Err("usage: racelab __process VARIANT FILE INCREMENTS WINDOW".into());
        };
        let window = Window::named(window).ok_or_else(|| format!("unknown window {window}"))?;
        Ok(ChildArgs {
            variant: variant.clone(),
            file: file.into(),
            increments: increments.parse().map_err(|e| format!("increments: {e}"))?,
            window,
        })
    }
}

/// Runs one child; prints its own in-memory counter; `Err` says why it failed.
pub fn child(args: &ChildArgs) -> Result<(), String> {
    if std::env::var_os(FAIL_ENV).is_some() {
        return Err(format!("{FAIL_ENV} is set: failing on purpose"));
    }
    let variant = INFO
        .find_variant(&args.variant)
        .map_err(|e| e.to_string())?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&args.file)
        .map_err(|e| format!("cannot open {}: {e}", args.file.display()))?;
    let own = CODE[variant](&mut file, args.increments, args.window)
        .map_err(|e| format!("{}: {e}", args.file.display()))?;
    println!("{own}");
    Ok(())
}
