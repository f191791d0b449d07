//! `racelab list`: the labs and their variants, one line each.

use crate::style;
use racelab_core::VariantKind;
use racelab_labs as labs;
use std::process::ExitCode;

/// Prints every lab with its variants.
pub fn run() -> anyhow::Result<ExitCode> {
    for lab in labs::all() {
        let info = lab.info();
        let variants: Vec<String> = info
            .variants
            .iter()
            .map(|v| match v.kind {
                VariantKind::Racy => format!("{} (racy)", v.name),
                VariantKind::WrongFix => format!("{} (wrong fix)", v.name),
                VariantKind::Fix => v.name.to_string(),
            })
            .collect();
        let only = if info.model_checked {
            ""
        } else {
            " (real processes only)"
        };
        outln!(
            "{:<10} {}  {}",
            style::heading(info.id),
            variants.join(", "),
            style::dim(&format!("- {}{only}", info.title))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
