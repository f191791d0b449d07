//! `racelab new`: writes a lab of your own into `labs/<name>-race` and registers it, all or
//! nothing.

use racelab_core::Error;
use std::path::{Path, PathBuf};

/// The lab's files: where each goes in its folder, and its template.
const FILES: [(&str, &str); 5] = [
    (
        "Cargo.toml",
        include_str!("../templates/lab/Cargo.toml.tmpl"),
    ),
    ("README.md", include_str!("../templates/lab/README.md.tmpl")),
    ("src/lib.rs", include_str!("../templates/lab/lib.rs.tmpl")),
    (
        "src/variants.rs",
        include_str!("../templates/lab/variants.rs.tmpl"),
    ),
    (
        "tests/model.rs",
        include_str!("../templates/lab/model.rs.tmpl"),
    ),
];

/// The registry's two files, from the repository root.
const REGISTRY_MANIFEST: &str = "crates/labs/Cargo.toml";
const REGISTRY_LIST: &str = "crates/labs/src/lib.rs";

/// The names a new lab is known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The lab's id: `demo`.
    pub id: String,
    /// Its crate: `demo-race`.
    pub krate: String,
    /// Its crate in Rust code: `demo_race`.
    pub crate_ident: String,
    /// Its type: `DemoLab`.
    pub lab_type: String,
}

impl Names {
    /// The names of lab `id`, or why `id` cannot name a lab.
    pub fn of(id: &str) -> Result<Names, Error> {
        let well_formed = id.len() <= 30
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !well_formed {
            return Err(Error::BadInput(format!(
                "'{id}' cannot name a lab: use lowercase letters, digits and single dashes, \
                 starting with a letter (at most 30), e.g. `racelab new queue`"
            )));
        }
        let camel: String = (id.split('-'))
            .map(|part| part[..1].to_ascii_uppercase() + &part[1..])
            .collect();
        Ok(Names {
            id: id.into(),
            krate: format!("{id}-race"),
            crate_ident: format!("{}_race", id.replace('-', "_")),
            lab_type: format!("{camel}Lab"),
        })
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{name}", &self.id)
            .replace("{crate_ident}", &self.crate_ident)
            .replace("{crate}", &self.krate)
            .replace("{Lab}", &self.lab_type)
    }
}

/// What `new` wrote, for the message.
#[derive(Debug)]
pub struct Written {
    /// The lab's folder.
    pub folder: PathBuf,
    /// The files in it, relative to it.
    pub files: Vec<&'static str>,
    /// The registry files it changed, relative to the root.
    pub registered_in: [&'static str; 2],
}

/// Writes lab `names` under `root` (a racelab checkout) and registers it; on any failure,
/// nothing is left changed.
pub fn create(root: &Path, names: &Names, known_ids: &[&str]) -> Result<Written, Error> {
    let manifest_path = root.join(REGISTRY_MANIFEST);
    let list_path = root.join(REGISTRY_LIST);
    let (Ok(manifest), Ok(list)) = (
        std::fs::read_to_string(&manifest_path),
        std::fs::read_to_string(&list_path),
    ) else {
        return Err(Error::BadInput(format!(
            "{} is not a racelab checkout (no {REGISTRY_MANIFEST}): run `racelab new` from \
             racelab's own build, or set RACELAB_ROOT to your checkout",
            root.display()
        )));
    };
    let folder = root.join("labs").join(&names.krate);
    if known_ids.contains(&names.id.as_str()) || folder.exists() {
        return Err(Error::BadInput(format!(
            "a lab called '{}' exists already ({}): choose another name",
            names.id,
            crate::checkout::shown(&folder)
        )));
    }
    let new_manifest =
        register_dependency(&manifest, names).ok_or_else(|| unexpected(REGISTRY_MANIFEST))?;
    let new_list = register_lab(&list, names).ok_or_else(|| unexpected(REGISTRY_LIST))?;
    write_folder(&folder, names)?;
    let written = replace(&manifest_path, &new_manifest).and_then(|()| {
        replace(&list_path, &new_list).inspect_err(|_| {
            let _ = replace(&manifest_path, &manifest);
        })
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&folder);
        return Err(e);
    }
    Ok(Written {
        folder,
        files: FILES.iter().map(|(path, _)| *path).collect(),
        registered_in: [REGISTRY_MANIFEST, REGISTRY_LIST],
    })
}

fn unexpected(file: &str) -> Error {
    Error::Failed(format!(
        "{file} does not look as racelab wrote it (the list of labs is missing): add the lab \
         by hand, as the README's \"Adding a lab\" says"
    ))
}

/// The registry's manifest with the lab's crate after the last lab.
fn register_dependency(manifest: &str, names: &Names) -> Option<String> {
    let mut lines: Vec<String> = manifest.lines().map(String::from).collect();
    let last = lines
        .iter()
        .rposition(|l| l.contains("-race = { path = \"../../labs/"))?;
    let line = format!(
        "{} = {{ path = \"../../labs/{}\" }}",
        names.krate, names.krate
    );
    lines.insert(last + 1, line);
    Some(lines.join("\n") + "\n")
}

/// The registry's list with the lab as its last entry.
fn register_lab(list: &str, names: &Names) -> Option<String> {
    let mut lines: Vec<String> = list.lines().map(String::from).collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("pub static LABS"))?;
    let end = start + lines[start..].iter().position(|l| l == "];")?;
    lines.insert(
        end,
        format!("    &{}::{},", names.crate_ident, names.lab_type),
    );
    Some(lines.join("\n") + "\n")
}

/// Writes the lab's files into a fresh folder beside `folder`, then moves it into place.
fn write_folder(folder: &Path, names: &Names) -> Result<(), Error> {
    let staging = folder.with_file_name(format!(".{}.new", names.krate));
    let _ = std::fs::remove_dir_all(&staging);
    let written = FILES.iter().try_for_each(|(path, template)| {
        let path = staging.join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(&staging))
            .and_then(|()| std::fs::write(&path, names.fill(template)))
    });
    let moved = written.and_then(|()| std::fs::rename(&staging, folder));
    moved.map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        Error::Failed(format!("cannot write {}: {e}", folder.display()))
    })
}

/// Replaces `path`'s text, through a file beside it, so that it is never half written.
fn replace(path: &Path, text: &str) -> Result<(), Error> {
    let temporary = path.with_extension("racelab-new");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            Error::Failed(format!("cannot write {}: {e}", path.display()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_id() {
        let names = Names::of("ring-buffer").unwrap();
        assert_eq!(names.krate, "ring-buffer-race");
        assert_eq!(names.crate_ident, "ring_buffer_race");
        assert_eq!(names.lab_type, "RingBufferLab");
    }

    #[test]
    fn names_that_cannot_be_crates_are_refused() {
        for bad in [
            "", "Demo", "9lives", "a--b", "demo-", "-demo", "de mo", "dé", "a_b",
        ] {
            assert!(Names::of(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn the_lab_is_added_after_the_last_one() {
        let names = Names::of("demo").unwrap();
        let manifest =
            "[dependencies]\nx = 1\na-race = { path = \"../../labs/a-race\" }\n\n[lints]\n";
        let list = "pub static LABS: &[&dyn AnyLab] = &[\n    &a_race::ALab,\n];\n\nfn f() {}\n";
        assert_eq!(
            register_dependency(manifest, &names).unwrap(),
            "[dependencies]\nx = 1\na-race = { path = \"../../labs/a-race\" }\n\
             demo-race = { path = \"../../labs/demo-race\" }\n\n[lints]\n"
        );
        assert_eq!(
            register_lab(list, &names).unwrap(),
            "pub static LABS: &[&dyn AnyLab] = &[\n    &a_race::ALab,\n    &demo_race::DemoLab,\n];\n\nfn f() {}\n"
        );
        assert!(register_lab("nothing here\n", &names).is_none());
    }
}
