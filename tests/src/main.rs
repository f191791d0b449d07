//! racelab's own entry point, built inside the test package for the end-to-end tests.

fn main() -> std::process::ExitCode {
    racelab::main()
}
