//! Pictures for slides and course pages: a counterexample's timeline as SVG, a lesson as one
//! self-contained HTML page; written to a file whole or not at all.

mod file;
mod histogram;
mod lesson;
mod timeline;

pub use file::{check_folder, write_whole};
pub use lesson::{write as write_lesson, Lesson};
pub use timeline::svg as timeline_svg;

/// Text made safe inside XML.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
