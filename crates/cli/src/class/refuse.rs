//! Refuses what a class's grader cannot take from a submission: macros and attributes that read
//! files while it is compiled (`include!`, `include_str!`, `include_bytes!`, `#[path]` take any
//! file the compiler can read: another student's, the teacher's), and attributes that act on the
//! whole grader, which holds every student's file (`#[global_allocator]`, `#[macro_export]`,
//! exported symbols): two students with the same such file would collide. No exercise needs them.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Why `source` is refused, if it is: the first macro or attribute that reads a file.
pub fn refused(source: &str) -> Option<String> {
    // A file the lexer rejects is left to the compiler, whose message says more.
    let tokens: TokenStream = source.parse().ok()?;
    first_refused(tokens)
}

/// Attributes that act on the whole crate a submission is compiled into.
const CRATE_WIDE: [&str; 7] = [
    "global_allocator",
    "macro_export",
    "no_mangle",
    "export_name",
    "panic_handler",
    "alloc_error_handler",
    "link_section",
];

/// Why an attribute's tokens (`path = "x"`, `unsafe(no_mangle)`) are refused, if they are.
fn refused_attribute(tokens: TokenStream) -> Option<String> {
    let mut tokens = tokens.into_iter();
    let name = match tokens.next()? {
        TokenTree::Ident(ident) if ident == "unsafe" => match tokens.next()? {
            TokenTree::Group(inner) => return refused_attribute(inner.stream()),
            _ => return None,
        },
        TokenTree::Ident(ident) => ident.to_string(),
        _ => return None,
    };
    if name == "path" {
        Some(format!("`#[path]` {READS}"))
    } else if CRATE_WIDE.contains(&name.as_str()) {
        Some(format!(
            "`#[{name}]` acts on the whole grader, which holds every student's file: not \
             allowed when grading a class"
        ))
    } else {
        None
    }
}

const READS: &str = "reads a file while the submission is compiled: not allowed when grading";

fn first_refused(tokens: TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if matches!(name.as_str(), "include" | "include_str" | "include_bytes") {
                    return Some(format!("`{name}!` {READS}"));
                }
            }
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                let attribute = tokens[at + 1..]
                    .iter()
                    .find(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == '!'));
                if let Some(TokenTree::Group(group)) = attribute {
                    if group.delimiter() == Delimiter::Bracket {
                        if let Some(why) = refused_attribute(group.stream()) {
                            return Some(why);
                        }
                    }
                }
            }
            TokenTree::Group(group) => {
                if let Some(found) = first_refused(group.stream()) {
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
            assert!(
                refused(source).unwrap().contains("reads a file"),
                "{source}"
            );
        }
    }

    #[test]
    fn attributes_that_act_on_the_whole_grader_are_refused() {
        for source in [
            "#[global_allocator] static A: std::alloc::System = std::alloc::System;",
            "#[macro_export] macro_rules! m { () => {} }",
            "#[unsafe(no_mangle)] pub extern \"C\" fn f() {}",
            "mod inner { #[export_name = \"g\"] pub fn g() {} }",
        ] {
            assert!(
                refused(source).unwrap().contains("whole grader"),
                "{source}"
            );
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
