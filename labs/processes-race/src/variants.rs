//! What each child process does, K times, in each variant; each returns its own in-memory
//! counter. The counter file holds one number,
//! zero-padded to a fixed width, so that every write overwrites the whole of the last one.

use racelab_core::Window;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// Digits of the number in the counter file.
pub const WIDTH: usize = 20;

/// Private memory: the child's own counter, in its own address space. The parent never sees it,
/// and the counter file stays as it was.
pub fn private_memory(_file: &mut File, increments: u64, _window: Window) -> io::Result<i64> {
    let mut counter = 0;
    for _ in 0..increments {
        counter += 1;
    }
    Ok(counter)
}

/// Racy: read the number from the file, then write it back plus one. Another process can write
/// in between, and this write overwrites its update.
pub fn racy_file(file: &mut File, increments: u64, window: Window) -> io::Result<i64> {
    for _ in 0..increments {
        let seen = read_counter(file)?;
        window.open();
        write_counter(file, seen + 1)?;
    }
    Ok(0)
}

/// Fix: the same read and write while holding an exclusive advisory lock on the file; every
/// process takes it before reading, so no other process can write in between.
pub fn locked_file(file: &mut File, increments: u64, window: Window) -> io::Result<i64> {
    for _ in 0..increments {
        file.lock()?;
        let seen = read_counter(file)?;
        window.open();
        let written = write_counter(file, seen + 1);
        file.unlock()?;
        written?;
    }
    Ok(0)
}

/// The number in the file.
pub fn read_counter(file: &mut File) -> io::Result<i64> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_string(&mut text)?;
    text.trim()
        .parse()
        .map_err(|e| io::Error::other(format!("the counter file holds {text:?}: {e}")))
}

/// Writes `value` over the number in the file.
pub fn write_counter(file: &mut File, value: i64) -> io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.write_all(format!("{value:0WIDTH$}").as_bytes())
}
