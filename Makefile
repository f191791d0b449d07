# Thin wrappers; each mirrors a step of .ci/run.
.PHONY: test test-slow check demo bench class-bench pictures

test:
	cargo test --workspace

# The slow group: `racelab new` in a copy of the workspace, built from scratch (minutes).
test-slow:
	cargo test -p racelab-tests --test cli -- --ignored

check:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

demo:
	cargo run --release -p racelab -- explain counter

# Writes BENCHMARKS.md (a few minutes); see crates/bench.
bench:
	cargo build --release -p racelab -p racelab-bench
	target/release/racelab-bench --racelab target/release/racelab --out BENCHMARKS.md

# A class of 300 counter files graded by `racelab exercise grade` (the README's figure), then
# every exercise's reference and stub in the sandbox.
class-bench:
	cargo build --release -p racelab
	crates/bench/class.sh target/release/racelab

# The README's picture: the counter's simplest lost update (a test fails when it is stale).
pictures:
	cargo run -q -p racelab -- explore counter --svg docs/counter-lost-update.svg > /dev/null; test -f docs/counter-lost-update.svg
