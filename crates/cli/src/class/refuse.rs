//! Refuses a submission that would read files while it is compiled: `include!`,
//! `include_str!`, `include_bytes!` and `#[path]` take any file the compiler can read (another
//! student's, the teacher's), and no exercise needs them.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Why `source` is refused, if it is: the first macro or attribute that reads a file.
pub fn refused(source: &str) -> Option<String> {
    // A file the lexer rejects is left to the compiler, whose message says more.
    let tokens: TokenStream = source.parse().ok()?;
    first_reader(tokens).map(|what| {
        format!("{what} reads a file while the submission is compiled: not allowed when grading")
    })
}

fn first_reader(tokens: TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if matches!(name.as_str(), "include" | "include_str" | "include_bytes") {
                    return Some(format!("`{name}!`"));
                }
            }
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                let attribute = tokens[at + 1..]
                    .iter()
                    .find(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == '!'));
                if let Some(TokenTree::Group(group)) = attribute {
                    let first = group.stream().into_iter().next();
                    if group.delimiter() == Delimiter::Bracket
                        && matches!(&first, Some(TokenTree::Ident(i)) if i == "path")
                    {
                        return Some("`#[path]`".to_string());
                    }
                }
            }
            TokenTree::Group(group) => {
                if let Some(found) = first_reader(group.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::refused;

    #[test]
    fn macros_and_attributes_that_read_files_are_refused() {
        for source in [
            "const A: &str = include_str!(\"../bob.rs\");",
            "fn f() { let _ = include_bytes!(\"/etc/passwd\"); }",
            "macro_rules! m { ($x:ident) => { $x!(\"bob.rs\") } } m!(include);",
            "#[path = \"../bob/counter.rs\"] mod copied;",
            "mod inner { #![path = \"x\"] }",
        ] {
            assert!(refused(source).is_some(), "{source}");
        }
    }

    #[test]
    fn ordinary_code_comments_and_strings_pass() {
        for source in [
            "// include the lock\nfn f() { let s = \"include_str!\"; let path = 1; }",
            "#[allow(dead_code)] fn include_all() {}",
            "#[doc = \"path\"] fn g() {}",
        ] {
            assert_eq!(refused(source), None, "{source}");
        }
    }
}
