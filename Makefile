# Thin wrappers; each mirrors a step of .ci/run.
.PHONY: test check demo bench

test:
	cargo test --workspace

check:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

demo:
	cargo run --release -p racelab -- explain counter

bench:
	@echo "benchmarks are not written yet (issue 7)"; exit 1
