//! Stops a process and every process it started (cargo, its rustc, their linkers), without
//! moving it out of the terminal's process group, so that Ctrl-C still reaches all of them.

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// Stops `root` first (so that it starts nothing new), then each process found under it, and
/// kills them all. On Linux the tree is read from `/proc`; elsewhere only `root` is killed.
pub fn kill_tree(root: u32) {
    let Ok(root) = i32::try_from(root) else {
        return;
    };
    let mut found = vec![root];
    let mut at = 0;
    while at < found.len() {
        let pid = found[at];
        let _ = kill(Pid::from_raw(pid), Signal::SIGSTOP);
        for child in children(pid) {
            if !found.contains(&child) {
                found.push(child);
            }
        }
        at += 1;
    }
    for pid in found {
        let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

/// The processes `pid` started, from each of its threads' `children` list.
fn children(pid: i32) -> Vec<i32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    let lists = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok());
    let mut found = Vec::new();
    for list in lists {
        found.extend(
            list.split_whitespace()
                .filter_map(|p| p.parse::<i32>().ok()),
        );
    }
    found
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::kill_tree;
    use std::process::Command;
    use std::time::{Duration, Instant};

    #[test]
    fn a_process_and_the_ones_it_started_are_killed() {
        let mut shell = Command::new("sh")
            .args(["-c", "sleep 300 & sleep 300 & echo started; wait"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut out = std::io::BufReader::new(shell.stdout.take().unwrap());
        std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        let sleepers = super::children(shell.id() as i32);
        assert_eq!(sleepers.len(), 2, "{sleepers:?}");
        kill_tree(shell.id());
        let _ = shell.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        // Killed sleepers are reaped by init; until then they show as zombies (state Z).
        let alive = |pid: &i32| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|stat| !stat.contains(") Z "))
        };
        while sleepers.iter().any(alive) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            !sleepers.iter().any(alive),
            "{sleepers:?} outlived their parent"
        );
    }
}
