//! A child process of the `processes` and `process-pool` models:
//! `racelab __kitchen WORK UNITS I,J,...` does tasks I, J, ... and prints their checksum and
//! how many it did.

use crate::work::{combine, Task, Work};

/// Does the tasks the arguments name; returns the line to print. The child dies with its parent
/// (on Linux), so that a Ctrl-C or a kill of racelab leaves no process behind.
pub fn child(args: &[String]) -> Result<String, String> {
    #[cfg(target_os = "linux")]
    {
        let _ = nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL);
        if nix::unistd::getppid() == nix::unistd::Pid::from_raw(1) {
            return Err("racelab, which started this child, has gone".into());
        }
    }
    let [work, units, indices] = args else {
        return Err("usage: racelab __kitchen WORK UNITS I,J,...".into());
    };
    let work = Work::named(work).ok_or_else(|| format!("unknown work {work}"))?;
    let units = units.parse().map_err(|e| format!("units: {e}"))?;
    let indices: Vec<usize> = indices
        .split(',')
        .map(|i| i.parse().map_err(|e| format!("task {i}: {e}")))
        .collect::<Result<_, String>>()?;
    let task = Task { work, units };
    let checksum = combine(indices.iter().map(|&i| task.run(i)));
    Ok(format!("{checksum} {}", indices.len()))
}
