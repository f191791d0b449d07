//! Pictures for slides and course pages: a counterexample's timeline as SVG, written to a file
//! whole or not at all.

mod file;
mod timeline;

pub use file::write_whole;
pub use timeline::svg as timeline_svg;

/// Text made safe inside XML.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
