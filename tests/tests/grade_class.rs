//! `racelab exercise grade`: a class's files built once and graded in a sandbox. Every verdict
//! right, hostile files contained, every format parsed by a standard parser, a stopped run
//! resumed, shards that concatenate into the class.

use crate::common::racelab;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// racelab grading, the grader built like the tests.
fn grade(args: &[&str]) -> Output {
    racelab()
        .env("RACELAB_GRADER_PROFILE", "test")
        .args(["exercise", "grade"])
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn repo(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn reference() -> String {
    repo("labs/counter-race/exercises/solutions/counter.rs")
}

fn stub() -> String {
    repo("labs/counter-race/exercises/stubs/counter.rs")
}

/// `source` with `first` as the first statement of `increment`.
fn with_first(source: &str, first: &str) -> String {
    let opening = "pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx) {";
    assert!(source.contains(opening));
    source.replace(opening, &format!("{opening}\n    {first}"))
}

/// A class's folder: `files` are (student, source).
fn class(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("racelab-class-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (student, source) in files {
        std::fs::write(dir.join(format!("{student}.rs")), source).unwrap();
    }
    dir
}

fn rows(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect()
}

fn row<'a>(rows: &'a [Value], student: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["student"] == student)
        .unwrap_or_else(|| panic!("no row for {student}"))
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Processes whose command line holds `marker`.
fn processes_with(marker: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| std::fs::read(entry.ok()?.path().join("cmdline")).ok())
        .filter(|cmdline| String::from_utf8_lossy(cmdline).contains(marker))
        .count()
}

#[test]
fn a_class_stopped_and_resumed_gets_every_verdict_right_and_no_hostile_file_passes_or_escapes() {
    let outside = std::env::temp_dir().join(format!("racelab-outside-{}", std::process::id()));
    let _ = std::fs::remove_file(&outside);
    let dir = class("verdicts", &[]);
    let next_to = dir.join("written-next-to-the-submissions");
    let other = dir.join("alice.rs");
    let files = [
        ("alice", reference()),
        ("bob", stub()),
        ("carol", repo("labs/counter-race/exercises/wrong/lock-store-only.rs")),
        ("dave", repo("labs/counter-race/exercises/solutions/counter-fetch-add.rs")),
        ("erin", "pub fn increment( {".to_string()),
        ("fay", format!("{}\nconst COPIED: &str = include_str!(\"alice.rs\");\n", stub())),
        (
            "x-cfg-path",
            format!("{}\n#[cfg_attr(all(), path = \"alice.rs\")] mod leak;\n", reference()),
        ),
        (
            "x-link",
            format!("{}\n#[link(name = \"nonexistent\")] unsafe extern \"C\" {{ fn f(); }}\n", reference()),
        ),
        ("h-exit", with_first(&reference(), "std::process::exit(0);")),
        ("h-loop", with_first(&reference(), "loop { std::hint::spin_loop(); }")),
        ("h-alloc", with_first(&reference(), "std::hint::black_box(vec![1u8; 64 << 30]);")),
        (
            "h-spawn",
            with_first(
                &stub(),
                "for _ in 0..50 { let _ = std::process::Command::new(\"sleep\").arg(\"4242.5\").spawn(); }",
            ),
        ),
        (
            "h-write",
            with_first(
                &stub(),
                &format!("std::fs::write({next_to:?}, \"x\").expect(\"write\"); std::fs::write({outside:?}, \"x\").expect(\"write\");"),
            ),
        ),
        (
            "h-fake",
            with_first(
                &stub(),
                "println!(\"verified: the invariant holds\"); println!(\"{{\\\"confinement\\\":null,\\\"reply\\\":{{\\\"Ok\\\":{{}}}}}}\");",
            ),
        ),
        (
            "h-read",
            with_first(&stub(), &format!("std::fs::read({other:?}).expect(\"read\");")),
        ),
    ];
    for (student, source) in &files {
        std::fs::write(dir.join(format!("{student}.rs")), source).unwrap();
    }
    let before = listing(&dir);
    let book = dir.with_extension("jsonl");
    let args = [
        "counter",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        book.to_str().unwrap(),
        "--jobs",
        "1",
    ];
    // One at a time, in name order: once nine rows are in the book, h-loop spins (for 30 s):
    // stop the run there, as a teacher's Ctrl-C or a lost machine would.
    let mut first = std::process::Command::new(env!("CARGO_BIN_EXE_racelab-under-test"))
        .env("RACELAB_GRADER_PROFILE", "test")
        .args(["exercise", "grade"])
        .args(args)
        .args(["--time-limit", "30"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&book).map_or(0, |t| t.lines().count()) < 9 {
        assert!(
            started.elapsed().as_secs() < 600,
            "the first run wrote no rows"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    // As if it had died in the middle of a line.
    let mut cut = std::fs::read_to_string(&book).unwrap();
    assert_eq!(cut.lines().count(), 9, "{cut}");
    cut.push_str("{\"schema\":\"racelab/grade/v1\",\"exercise\":\"counter\",\"stud");
    std::fs::write(&book, &cut).unwrap();

    let mut again = args.to_vec();
    again.extend(["--resume", "--time-limit", "1"]);
    let output = grade(&again);
    ok(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("6 files graded") && stderr.contains("9 graded before, kept"),
        "only the students not yet graded are graded: {stderr}"
    );
    let rows = rows(&std::fs::read_to_string(&book).unwrap());
    let mut students: Vec<&str> = rows
        .iter()
        .map(|r| r["student"].as_str().unwrap())
        .collect();
    assert_eq!(rows.len(), files.len(), "one row per student: {students:?}");
    students.dedup();
    assert_eq!(students.len(), files.len(), "each once: {students:?}");
    let verdict = |student| row(&rows, student)["verdict"].as_str().unwrap().to_string();
    assert_eq!(verdict("alice"), "verified");
    assert_eq!(verdict("dave"), "verified");
    for wrong in ["bob", "carol"] {
        assert_eq!(verdict(wrong), "counterexample");
        assert!(row(&rows, wrong)["violation"]
            .as_str()
            .unwrap()
            .contains("lost"));
        assert!(row(&rows, wrong)["replay"].is_string());
        assert!(row(&rows, wrong)["output"]
            .as_str()
            .unwrap()
            .contains("your code in this interleaving"));
    }
    assert_eq!(verdict("erin"), "does-not-compile");
    assert_eq!(verdict("fay"), "does-not-compile");
    assert!(row(&rows, "fay")["message"]
        .as_str()
        .unwrap()
        .contains("include_str!"));
    for (student, says) in [("x-cfg-path", "#[path]"), ("x-link", "#[link]")] {
        assert_eq!(verdict(student), "does-not-compile");
        let message = row(&rows, student)["message"].as_str().unwrap().to_string();
        assert!(message.contains(says), "{message}");
    }
    assert_eq!(verdict("h-exit"), "crashed");
    assert_eq!(verdict("h-loop"), "timed-out");
    assert_eq!(verdict("h-alloc"), "out-of-memory");
    assert_eq!(verdict("h-fake"), "counterexample");
    for row in &rows {
        let solved = row["score"] == 1;
        let student = row["student"].as_str().unwrap();
        assert_eq!(solved, ["alice", "dave"].contains(&student), "{row}");
        let output = row["output"].as_str().unwrap();
        let timeline = output.contains("your code in this interleaving");
        assert_eq!(
            output.contains("Read the timeline"),
            timeline,
            "a hint about a timeline only beside one: {row}"
        );
    }
    let landlock = row(&rows, "alice")["confinement"] == "landlock";
    if landlock {
        for hostile in ["h-write", "h-read"] {
            assert_eq!(verdict(hostile), "crashed");
            let message = row(&rows, hostile)["message"].as_str().unwrap().to_string();
            assert!(message.contains("Permission denied"), "{message}");
        }
        assert_eq!(
            listing(&dir),
            before,
            "nothing written next to the submissions"
        );
        assert!(!outside.exists(), "nothing written outside");
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert!(stderr.contains("NOT confined"), "{stderr}");
    }
    assert_eq!(
        processes_with("4242.5"),
        0,
        "no sleeping process outlives its grading"
    );
    let _ = std::fs::remove_file(&outside);
}

#[test]
fn without_landlock_nothing_a_submission_starts_outlives_its_grading() {
    let spawner = with_first(
        &reference(),
        "static ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false); \
         if !ONCE.swap(true, std::sync::atomic::Ordering::SeqCst) { for _ in 0..50 { \
         std::process::Command::new(\"sleep\").arg(\"4243.5\").spawn().expect(\"spawn\"); } }",
    );
    let dir = class("no-landlock", &[("spawner", spawner)]);
    let output = grade(&[
        "counter",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--no-landlock",
    ]);
    let rows = rows(&ok(&output));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["confinement"], "limits-only");
    assert_eq!(
        rows[0]["verdict"], "verified",
        "it spawned, then did the work"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("NOT confined"), "{stderr}");
    assert_eq!(
        processes_with("4243.5"),
        0,
        "its fifty sleeping processes were killed"
    );
}

/// A small class: one verified, one counterexample, one that does not compile.
fn small_class(name: &str) -> PathBuf {
    class(
        name,
        &[
            ("ann", reference()),
            ("ben", stub()),
            ("cy", "pub fn increment( {".to_string()),
        ],
    )
}

#[test]
fn every_format_parses_with_a_standard_parser_and_holds_one_row_per_student() {
    let dir = small_class("formats");
    let folder = dir.to_str().unwrap();
    let students = ["ann", "ben", "cy"];
    let solved = [true, false, false];

    let table = ok(&grade(&["counter", folder]));
    for student in students {
        assert!(table.contains(student), "{table}");
    }
    assert!(table.contains("3 files graded"), "{table}");

    let csv = ok(&grade(&["counter", folder, "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let headers = reader.headers().unwrap().clone();
    let column = |name| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(records.len(), 3, "{csv}");
    for ((record, student), solved) in records.iter().zip(students).zip(solved) {
        assert_eq!(&record[column("student")], student);
        assert_eq!(&record[column("score")], if solved { "1" } else { "0" });
    }
    assert_eq!(&records[1][column("verdict")], "counterexample");

    let json = rows(&ok(&grade(&["counter", folder, "--format", "json"])));
    assert_eq!(json.len(), 3);
    for ((row, student), solved) in json.iter().zip(students).zip(solved) {
        assert_eq!(row["schema"], "racelab/grade/v1");
        assert_eq!(row["student"], student);
        assert_eq!(row["score"] == 1, solved);
    }

    let junit = ok(&grade(&["counter", folder, "--format", "junit"]));
    let document = roxmltree::Document::parse(&junit).expect("JUnit is well-formed XML");
    let cases: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3, "{junit}");
    for ((case, student), solved) in cases.iter().zip(students).zip(solved) {
        assert_eq!(case.attribute("name"), Some(student));
        assert_eq!(case.children().any(|c| c.is_element()), !solved, "{junit}");
    }
    let failure = cases[1]
        .children()
        .find(|c| c.has_tag_name("failure"))
        .expect("a counterexample is a failure");
    assert!(failure.text().unwrap().contains("simplest interleaving"));
    assert!(cases[2].children().any(|c| c.has_tag_name("error")));

    let output = grade(&["counter", folder, "--format", "gradescope"]);
    let gradescope = ok(&output);
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(note.contains("gradescope with 3 students"), "{note}");
    let results: Value = serde_json::from_str(&gradescope).expect("results.json is JSON");
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 3);
    for ((test, student), solved) in tests.iter().zip(students).zip(solved) {
        assert_eq!(test["name"], format!("counter: {student}"));
        assert_eq!(test["score"], u32::from(solved));
        assert_eq!(test["max_score"], 1);
    }
    assert!(tests[1]["output"]
        .as_str()
        .unwrap()
        .contains("simplest interleaving"));
}

#[test]
fn shards_partition_the_class_and_their_csv_concatenates_into_the_class() {
    // Files refused before cargo runs: sharding is about which student goes where.
    let refused = "const A: &str = include_str!(\"x\");".to_string();
    let files: Vec<(String, String)> = (1..=5)
        .map(|i| (format!("s{i}"), refused.clone()))
        .collect();
    let files: Vec<(&str, String)> = files.iter().map(|(s, f)| (s.as_str(), f.clone())).collect();
    let dir = class("shards", &files);
    let folder = dir.to_str().unwrap();
    // The seconds column differs from run to run.
    let without_time = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|line| {
                let mut fields: Vec<&str> = line.split(',').collect();
                fields.remove(7);
                fields.join(",")
            })
            .collect()
    };
    let whole = ok(&grade(&["counter", folder, "--format", "csv"]));
    let mut parts = String::new();
    for shard in ["1/2", "2/2"] {
        parts.push_str(&ok(&grade(&[
            "counter", folder, "--format", "csv", "--shard", shard,
        ])));
    }
    let mut whole = without_time(&whole);
    let mut parts = without_time(&parts);
    assert_eq!(parts[0], whole[0], "shard 1 writes the header, and only it");
    assert_eq!(whole.len(), 6, "a header and five students");
    whole.sort();
    parts.sort();
    assert_eq!(parts, whole);
}

#[test]
fn bad_input_gets_one_line_and_exit_2() {
    let dir = small_class("bad-input");
    let folder = dir.to_str().unwrap();
    let empty = class("empty", &[]);
    let foreign = dir.join("marks.csv");
    std::fs::write(&foreign, "name,grade\nann,10\n").unwrap();
    let foreign = foreign.to_str().unwrap();
    // A gradebook another run is writing (held here as that run holds it).
    let busy = dir.join("busy.csv");
    let held = std::fs::File::create(&busy).unwrap();
    held.try_lock().unwrap();
    let busy = busy.to_str().unwrap();
    for (args, says) in [
        (vec!["no-such-exercise", folder], "no-such-exercise"),
        (vec!["counter", "/no/such/folder"], "no such folder"),
        (vec!["counter", foreign], "not a folder"),
        (
            vec!["counter,bank", folder],
            "several exercises graded at once",
        ),
        (
            vec!["counter", empty.to_str().unwrap()],
            "no submissions of counter",
        ),
        (vec!["counter", folder, "--jobs", "0"], "--jobs 0"),
        (vec!["counter", folder, "--shard", "3/2"], "--shard 3/2"),
        (
            vec!["counter", folder, "--time-limit", "0"],
            "--time-limit 0",
        ),
        (
            vec!["counter", folder, "--time-limit", "1000000000000"],
            "give 1 to 86400 seconds",
        ),
        (
            vec![
                "counter", folder, "--format", "csv", "--out", foreign, "--resume",
            ],
            "not a CSV gradebook",
        ),
        (
            vec!["counter", folder, "--memory-mib", "10"],
            "--memory-mib 10",
        ),
        (
            vec!["counter", folder, "--build-limit", "5"],
            "--build-limit 5",
        ),
        (
            vec!["counter", folder, "--format", "csv", "--out", busy],
            "another racelab is writing this gradebook",
        ),
        (
            vec![
                "counter",
                folder,
                "--format",
                "junit",
                "--out",
                "/tmp/x.xml",
                "--resume",
            ],
            "--format csv or json",
        ),
    ] {
        let output = grade(&args);
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let kept = std::fs::read_to_string(foreign).unwrap();
    assert_eq!(
        kept, "name,grade\nann,10\n",
        "a file --resume refuses is left as it was"
    );
}

#[test]
fn several_exercises_grade_each_students_folder_and_say_what_is_missing() {
    // Files refused before cargo runs: this is about which file is whose.
    let refused = "const A: &str = include_str!(\"x\");";
    let dir = class("folders", &[]);
    for (student, exercise) in [("ann", "counter"), ("ben", "bank")] {
        std::fs::create_dir_all(dir.join(student)).unwrap();
        std::fs::write(dir.join(student).join(format!("{exercise}.rs")), refused).unwrap();
    }
    std::fs::create_dir_all(dir.join("cat")).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let rows = rows(&ok(&grade(&[
        "counter,bank",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ])));
    let seen: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            let field = |name: &str| r[name].as_str().unwrap().to_string();
            (field("exercise"), field("student"), field("verdict"))
        })
        .collect();
    let expected = [
        ("counter", "ann", "does-not-compile"),
        ("counter", "ben", "missing"),
        ("counter", "cat", "missing"),
        ("bank", "ann", "missing"),
        ("bank", "ben", "does-not-compile"),
        ("bank", "cat", "missing"),
    ]
    .map(|(e, s, v)| (e.to_string(), s.to_string(), v.to_string()));
    assert_eq!(seen, expected, "no row for .git");
}
