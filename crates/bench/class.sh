#!/usr/bin/env bash
# `make class-bench`: a class of 300 `counter` files (copies of the reference solutions, the stub
# and the known-wrong files, under student names), graded by `racelab exercise grade` from a warm
# build of the workspace; prints the wall time and checks every verdict against the file's kind.
set -euo pipefail
racelab=${1:-target/release/racelab}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
exercises=labs/counter-race/exercises
files=(solutions/counter.rs solutions/counter-fetch-add.rs solutions/counter-cas-loop.rs
       stubs/counter.rs wrong/lock-store-only.rs wrong/two-critical-sections.rs
       wrong/cas-without-retry.rs wrong/flag-checked-then-set.rs)
mkdir "$dir/class"
for i in $(seq -w 1 300); do
    cp "$exercises/${files[$((10#$i % ${#files[@]}))]}" "$dir/class/student$i.rs"
done
start=$(date +%s%N)
"$racelab" exercise grade counter "$dir/class" --format json --out "$dir/book.jsonl"
end=$(date +%s%N)
# The first three kinds are correct, the other five are not.
wrong=0
while IFS= read -r line; do
    n=$(sed -E 's/.*"student":"student0*([0-9]+)".*/\1/' <<<"$line")
    kind=$((n % ${#files[@]}))
    case "$line" in *'"score":1'*) solved=1 ;; *) solved=0 ;; esac
    if { [ "$kind" -lt 3 ] && [ "$solved" -eq 0 ]; } || { [ "$kind" -ge 3 ] && [ "$solved" -eq 1 ]; }; then
        wrong=$((wrong + 1))
    fi
done < "$dir/book.jsonl"
rows=$(wc -l < "$dir/book.jsonl")
tenths=$(((end - start) / 100000000))
echo "$rows files graded in $((tenths / 10)).$((tenths % 10)) s (build included), $wrong verdicts wrong"
[ "$rows" -eq 300 ] && [ "$wrong" -eq 0 ]

# Then every exercise under the sandbox: each one's reference solution must be solved and its
# stub must not, whichever checker grades it (loom for the memory-ordering exercises).
mkdir "$dir/all" "$dir/all/reference" "$dir/all/stub"
names=()
while IFS='|' read -r name folder; do
    cp "$folder/solutions/$name.rs" "$dir/all/reference/$name.rs"
    cp "$folder/stubs/$name.rs" "$dir/all/stub/$name.rs"
    names+=("$name")
done < <(awk -F' = ' '/^name = /{gsub(/"/,"",$2); n=$2} /^dir = /{gsub(/"/,"",$2); print n "|" $2}' exercises.toml)
list=$(IFS=,; echo "${names[*]}")
"$racelab" exercise grade "$list" "$dir/all" --format csv > "$dir/all.csv"
bad=$(awk -F, 'NR > 1 && (($2 == "reference") != ($4 == "1"))' "$dir/all.csv" | wc -l)
echo "${#names[@]} exercises: reference and stub graded in the sandbox, $bad verdicts wrong"
[ "$bad" -eq 0 ]
