//! The file side of the processes lab, in one process: the counter file's format, the locked
//! increment, and the child's arguments. (Real child processes are tested end to end in
//! tests/tests/processes.rs, where the racelab binary exists.)

use processes_race::variants::{
    locked_file, private_memory, racy_file, read_counter, write_counter,
};
use processes_race::ChildArgs;
use racelab_core::Window;
use std::fs::OpenOptions;

fn counter_file() -> (tempfile::TempDir, std::fs::File) {
    let dir = tempfile::tempdir().unwrap();
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(dir.path().join("counter"))
        .unwrap();
    (dir, file)
}

#[test]
fn increments_in_one_process_all_count() {
    let (_dir, mut file) = counter_file();
    write_counter(&mut file, 0).unwrap();
    assert_eq!(racy_file(&mut file, 10, Window::None).unwrap(), 0);
    assert_eq!(locked_file(&mut file, 10, Window::Yield).unwrap(), 0);
    assert_eq!(read_counter(&mut file).unwrap(), 20);
}

#[test]
fn a_smaller_number_overwrites_a_larger_one_whole() {
    let (_dir, mut file) = counter_file();
    write_counter(&mut file, 1_000_000).unwrap();
    write_counter(&mut file, 7).unwrap();
    assert_eq!(read_counter(&mut file).unwrap(), 7);
}

#[test]
fn a_private_counter_counts_only_for_itself() {
    let (_dir, mut file) = counter_file();
    write_counter(&mut file, 0).unwrap();
    assert_eq!(private_memory(&mut file, 200, Window::None).unwrap(), 200);
    assert_eq!(read_counter(&mut file).unwrap(), 0);
}

#[test]
fn child_arguments_round_trip_and_bad_ones_are_refused() {
    let args = ChildArgs {
        variant: "racy-file".into(),
        file: "/tmp/x".into(),
        increments: 5,
        window: Window::Spin,
    };
    let parsed = ChildArgs::parse(&args.to_args()).unwrap();
    assert_eq!(parsed.to_args(), args.to_args());
    assert!(ChildArgs::parse(&["racy-file".into()]).is_err());
    let bad_window: Vec<String> = ["racy-file", "/tmp/x", "5", "sideways"]
        .map(String::from)
        .to_vec();
    assert!(ChildArgs::parse(&bad_window).is_err());
}
