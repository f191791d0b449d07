//! What each child process does, K times, in each variant. The counter file holds one number,
//! zero-padded to a fixed width, so that every write overwrites the whole of the last one.

use racelab_core::Window;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// Digits of the number in the counter file.
pub const WIDTH: usize = 20;

/// Private memory: the child's own counter, in its own address space. The parent never sees it.
pub fn private_memory(increments: u64) -> i64 {
    let mut counter = 0;
    for _ in 0..increments {
        counter += 1;
    }
    counter
}

/// Racy: read the number from the file, then write it back plus one. Another process can write
/// in between, and this write overwrites its update.
pub fn racy_file(file: &mut File, window: Window) -> std::io::Result<()> {
    let seen = read_counter(file)?;
    window.open();
    write_counter(file, seen + 1)
}

/// Fix: the same read and write while holding an exclusive advisory lock on the file; every
/// process takes it before reading, so no other process can write in between.
pub fn locked_file(file: &mut File, window: Window) -> std::io::Result<()> {
    file.lock()?;
    let result = racy_file(file, window);
    file.unlock()?;
    result
}

/// The number in the file.
pub fn read_counter(file: &mut File) -> std::io::Result<i64> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_string(&mut text)?;
    text.trim()
        .parse()
        .map_err(|e| std::io::Error::other(format!("the counter file holds {text:?}: {e}")))
}

/// Writes `value` over the number in the file.
pub fn write_counter(file: &mut File, value: i64) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.write_all(format!("{value:0WIDTH$}").as_bytes())
}
