//! The `racelab` binary.

fn main() -> std::process::ExitCode {
    racelab::main()
}
