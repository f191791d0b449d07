//! Refuses what a class's grader cannot take from a submission: macros and attributes that read
//! files while it is compiled (`include!`, `include_str!`, `include_bytes!`, `#[path]` take any
//! file the compiler can read: another student's, the teacher's); what acts on the whole grader,
//! which holds every student's file (`#[global_allocator]`, `#[macro_export]`, exported
//! symbols, foreign functions and libraries to link): one student's would break or change every
//! other's; and lifting the compiler's limit on constant evaluation, whose loop would stop the
//! build. Also inside `#[cfg_attr(..)]`. No exercise needs any of them.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Why `source` is refused, if it is: the first macro or attribute that reads a file.
pub fn refused(source: &str) -> Option<String> {
    // A file the lexer rejects is left to the compiler, whose message says more.
    let tokens: TokenStream = source.parse().ok()?;
    first_refused(tokens)
}

/// Attributes that act on the whole crate a submission is compiled into.
const CRATE_WIDE: [&str; 10] = [
    "global_allocator",
    "macro_export",
    "no_mangle",
    "export_name",
    "panic_handler",
    "alloc_error_handler",
    "link_section",
    "link",
    "link_name",
    "link_ordinal",
];

/// Why an attribute's tokens (`path = "x"`, `unsafe(no_mangle)`, `cfg_attr(all(), path = "x")`)
/// are refused, if they are.
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
    if name == "cfg_attr" {
        // `cfg_attr(predicate, attribute, ...)`: each attribute after the predicate.
        let Some(TokenTree::Group(arguments)) = tokens.next() else {
            return None;
        };
        let arguments: Vec<TokenTree> = arguments.stream().into_iter().collect();
        let split = arguments.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','));
        return split
            .skip(1)
            .find_map(|attribute| refused_attribute(attribute.iter().cloned().collect()));
    }
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
                // Any mention, even without its `!`: a macro of the file's own may add it.
                if matches!(name.as_str(), "asm" | "global_asm" | "naked_asm") {
                    return Some(format!(
                        "`{name}!` can place code where the grader runs it for everyone (before \
                         the sandbox): not allowed when grading a class"
                    ));
                }
                if name == "long_running_const_eval" {
                    return Some(
                        "lifting the compiler's limit on constant evaluation can stop the \
                         grader's build: not allowed when grading a class"
                            .into(),
                    );
                }
                if name == "extern" && is_foreign_block(&tokens[at + 1..]) {
                    return Some(
                        "an `extern` block declares foreign functions, which act on the whole \
                         grader, which holds every student's file: not allowed when grading a \
                         class"
                            .into(),
                    );
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

/// Whether what follows `extern` is a block of foreign items (`extern "C" { .. }`,
/// `unsafe extern { .. }`), not `extern crate` or an `extern "C" fn`.
fn is_foreign_block(after: &[TokenTree]) -> bool {
    let after = match after.first() {
        Some(TokenTree::Literal(_)) => &after[1..],
        _ => after,
    };
    matches!(after.first(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
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
            "#[cfg_attr(all(), path = \"/etc/hostname\")] mod leak;",
            "#[cfg_attr(unix, allow(dead_code), unsafe(path = \"x\"))] mod leak;",
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
            "#[link(name = \"nonexistent\")] unsafe extern \"C\" { fn f(); }",
            "extern \"C\" { fn missing(); } pub fn g() { unsafe { missing() } }",
            "unsafe extern { fn missing(); }",
            "#[cfg_attr(all(), global_allocator)] static A: std::alloc::System = std::alloc::System;",
        ] {
            assert!(
                refused(source).unwrap().contains("whole grader"),
                "{source}"
            );
        }
    }

    #[test]
    fn assembly_is_refused() {
        for source in [
            "std::arch::global_asm!(\".pushsection .init_array\");",
            "fn f() { unsafe { core::arch::asm!(\"nop\") } }",
            "macro_rules! m { ($x:ident) => { $x!(\"nop\") } } fn f() { unsafe { m!(asm) } }",
        ] {
            assert!(
                refused(source).unwrap().contains("before the sandbox"),
                "{source}"
            );
        }
    }

    #[test]
    fn lifting_the_limit_on_constant_evaluation_is_refused() {
        let source = "#[allow(long_running_const_eval)] const X: u8 = { loop {} };";
        assert!(refused(source).unwrap().contains("constant evaluation"));
    }

    #[test]
    fn ordinary_code_comments_and_strings_pass() {
        for source in [
            "// include the lock\nfn f() { let s = \"include_str!\"; let path = 1; }",
            "#[allow(dead_code)] fn include_all() {}",
            "#[doc = \"path\"] fn g() {}",
            "extern crate std as s; pub extern \"C\" fn callback() {}",
            "#[cfg_attr(test, derive(Debug))] struct S;",
        ] {
            assert_eq!(refused(source), None, "{source}");
        }
    }
}
