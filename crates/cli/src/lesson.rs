//! Pieces of a lesson taken from the lab itself: README sections and the real variant source.

/// The README's opening: everything between the title and the first `## ` heading.
pub fn concept(readme: &str) -> String {
    readme
        .lines()
        .skip_while(|l| l.starts_with("# ") || l.trim().is_empty())
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The README's bullet on `variant` (`- **mutex**: ...`), unwrapped to one paragraph.
pub fn fix_paragraph(readme: &str, variant: &str) -> Option<String> {
    let marker = format!("- **{variant}**");
    let mut lines = readme.lines().skip_while(|l| !l.starts_with(&marker));
    let first = lines.next()?;
    let rest = lines.take_while(|l| l.starts_with("  ") && !l.trim().is_empty());
    let text: Vec<&str> = std::iter::once(&first[2..])
        .chain(rest.map(str::trim))
        .collect();
    Some(text.join(" ").replace("**", ""))
}

/// The source of the function called `name`, doc comment included, with its real line numbers.
pub fn variant_code(source: &str, name: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let Some(start) = lines.iter().position(|l| {
        let l = l
            .strip_prefix("pub async fn ")
            .or(l.strip_prefix("pub fn "));
        l.and_then(|l| l.strip_prefix(name))
            .is_some_and(|rest| rest.starts_with(['<', '(']))
    }) else {
        return Vec::new();
    };
    let first = (0..start)
        .rev()
        .take_while(|&i| lines[i].starts_with("///"))
        .last()
        .unwrap_or(start);
    let end = (start..lines.len())
        .find(|&i| lines[i] == "}")
        .unwrap_or(lines.len() - 1);
    (first..=end)
        .map(|i| (i + 1, lines[i].to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "# lab\n\nIntro line one.\nline two.\n\n## Section\n\n- **fix**: holds\n  because.\n- **other**: no\n";

    #[test]
    fn concept_is_the_text_before_the_first_section() {
        assert_eq!(concept(README), "Intro line one.\nline two.");
    }

    #[test]
    fn a_fix_paragraph_is_its_bullet() {
        assert_eq!(fix_paragraph(README, "fix").unwrap(), "fix: holds because.");
        assert!(fix_paragraph(README, "nope").is_none());
    }

    #[test]
    fn variant_code_keeps_doc_comments_and_line_numbers() {
        let src = "use x;\n\n/// Doc.\npub fn lock_write_only<R>() {\n    body();\n}\n";
        let code = variant_code(src, "lock_write_only");
        assert_eq!(code.first().unwrap(), &(3, "/// Doc.".to_string()));
        assert_eq!(code.last().unwrap(), &(6, "}".to_string()));
    }

    #[test]
    fn async_variants_are_found_too() {
        let src = "/// Doc.\npub async fn no_await_between<E>(ex: &E) -> bool {\n    true\n}\n";
        assert_eq!(variant_code(src, "no_await_between").len(), 4);
        assert!(variant_code(src, "no_await").is_empty());
    }
}
