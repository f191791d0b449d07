//! Finds a class's submissions of an exercise in a folder: `<folder>/<student>.rs` when one
//! exercise is graded, and `<folder>/<student>/<exercise>.rs` always. Every folder is a student's:
//! one without the exercise's file is a submission that is missing. Hidden names are skipped.

use racelab_core::explore::Shard;
use racelab_core::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One student's file for one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The student: the file's stem, or the name of the student's folder.
    pub student: String,
    /// The file.
    pub path: PathBuf,
    /// The file as the gradebook names it: relative to the class's folder.
    pub file: String,
    /// Whether the file is there (a student's folder may lack it).
    pub present: bool,
}

/// Every submission of `exercise` in `folder`, by student name; flat `.rs` files are allowed only
/// when `flat` (a single exercise is graded, so a file's stem can only be a student).
pub fn find(folder: &Path, exercise: &str, flat: bool) -> Result<Vec<Submission>, Error> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        Error::BadInput(format!(
            "cannot read the class's folder {}: {e}",
            folder.display()
        ))
    })?;
    let mut found: BTreeMap<String, Submission> = BTreeMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let candidate = if path.is_dir() {
            let file = path.join(format!("{exercise}.rs"));
            let present = file.is_file();
            Some((name.clone(), file, format!("{name}/{exercise}.rs"), present))
        } else if path.extension().is_some_and(|e| e == "rs") {
            if !flat {
                return Err(Error::BadInput(format!(
                    "{} holds {name}: several exercises graded at once need a folder per \
                     student, <student>/<exercise>.rs; grade one exercise at a time, or move \
                     each student's files into a folder of their own",
                    folder.display()
                )));
            }
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            Some((stem.into_owned(), path.clone(), name.clone(), true))
        } else {
            None
        };
        let Some((student, path, file, present)) = candidate else {
            continue;
        };
        if let Some(other) = found.get(&student) {
            return Err(Error::BadInput(format!(
                "two submissions of {exercise} for {student}: {} and {file}: keep one",
                other.file
            )));
        }
        found.insert(
            student.clone(),
            Submission {
                student,
                path,
                file,
                present,
            },
        );
    }
    Ok(found.into_values().collect())
}

/// The submissions shard `shard` grades: every `count`-th, in student-name order.
pub fn shard(submissions: Vec<Submission>, shard: Option<Shard>) -> Vec<Submission> {
    let Some(shard) = shard else {
        return submissions;
    };
    submissions
        .into_iter()
        .enumerate()
        .filter(|(at, _)| *at as u64 % shard.count + 1 == shard.index)
        .map(|(_, submission)| submission)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_flat_files_and_student_folders_in_name_order_and_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bob.rs"), "").unwrap();
        std::fs::create_dir(dir.path().join("alice")).unwrap();
        std::fs::write(dir.path().join("alice/counter.rs"), "").unwrap();
        std::fs::create_dir(dir.path().join("carol")).unwrap();
        std::fs::write(dir.path().join("carol/bank.rs"), "").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        std::fs::write(dir.path().join("._bob.rs"), "").unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::create_dir(dir.path().join("dan")).unwrap();
        let names = |flat| {
            find(dir.path(), "counter", flat)
                .unwrap()
                .into_iter()
                .map(|s| s.file)
                .collect::<Vec<_>>()
        };
        let all = [
            "alice/counter.rs",
            "bob.rs",
            "carol/counter.rs",
            "dan/counter.rs",
        ];
        assert_eq!(names(true), all);
        let error = find(dir.path(), "counter", false).unwrap_err().to_string();
        assert!(error.contains("holds bob.rs: several exercises"), "{error}");
        std::fs::remove_file(dir.path().join("bob.rs")).unwrap();
        assert_eq!(
            names(false),
            ["alice/counter.rs", "carol/counter.rs", "dan/counter.rs"]
        );
        let present: Vec<bool> = (find(dir.path(), "counter", false).unwrap().iter())
            .map(|s| s.present)
            .collect();
        assert_eq!(
            present,
            [true, false, false],
            "carol sent bank.rs only, dan nothing"
        );
    }

    #[test]
    fn two_files_for_one_student_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("alice.rs"), "").unwrap();
        std::fs::create_dir(dir.path().join("alice")).unwrap();
        std::fs::write(dir.path().join("alice/counter.rs"), "").unwrap();
        let error = find(dir.path(), "counter", true).unwrap_err().to_string();
        assert!(
            error.contains("two submissions of counter for alice"),
            "{error}"
        );
    }

    #[test]
    fn shards_partition_the_class() {
        let class: Vec<Submission> = (0..10)
            .map(|i| Submission {
                student: format!("s{i}"),
                path: PathBuf::new(),
                file: String::new(),
                present: true,
            })
            .collect();
        let mut seen: Vec<String> = (1..=3)
            .flat_map(|index| shard(class.clone(), Some(Shard { index, count: 3 })))
            .map(|s| s.student)
            .collect();
        assert_eq!(seen.len(), 10);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 10);
    }
}
