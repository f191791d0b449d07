//! Printing to stdout that a closed pipe ends quietly: `out!` and `outln!` return the write's
//! error to the caller (never panic as `println!` does), and [`closed_pipe`] recognises it.

/// `print!` that returns `std::io::Result<()>` instead of panicking; use it with `?`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `println!` that returns `std::io::Result<()>` instead of panicking; use it with `?`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// Whether `error` comes from writing to a reader that has gone (`racelab list | head -1`):
/// not a failure, so racelab ends quietly with exit 0 for what it printed, as ripgrep does.
pub fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
