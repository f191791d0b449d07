//! Counted nouns in the singular or the plural, as the number says: `1 trial`, `2 trials`,
//! `1 withdrawal`, `1 entry`, `1 process`.

/// `n` and `plural` (the noun in the plural), in the singular when `n` is 1.
pub fn count(n: impl Into<u64>, plural: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {}", singular(plural))
    } else {
        format!("{n} {plural}")
    }
}

/// `all 4 executions`, or `the only execution` where there is one: what a claim holds in.
pub fn all(n: impl Into<u64>, plural: &str) -> String {
    match n.into() {
        1 => format!("the only {}", singular(plural)),
        n => format!("all {n} {plural}"),
    }
}

/// The singular of an English plural as racelab uses them; of a rate, its first part's
/// (`reads per reader`: `read per reader`).
pub fn singular(plural: &str) -> String {
    if let Some((what, per)) = plural.split_once(" per ") {
        return format!("{} per {per}", singular(what));
    }
    if let Some(stem) = plural.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = plural.strip_suffix("sses") {
        format!("{stem}ss")
    } else if let Some(stem) = plural.strip_suffix("es").filter(|s| s.ends_with("ss")) {
        stem.to_string()
    } else {
        plural.strip_suffix('s').unwrap_or(plural).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        for (plural, one) in [
            ("trials", "trial"),
            ("withdrawals", "withdrawal"),
            ("entries", "entry"),
            ("tries", "try"),
            ("reads per reader", "read per reader"),
            ("Mazurkiewicz classes", "Mazurkiewicz class"),
            ("processes", "process"),
            ("executions", "execution"),
            ("tasks", "task"),
        ] {
            assert_eq!(count(1u64, plural), format!("1 {one}"));
            assert_eq!(count(0u64, plural), format!("0 {plural}"));
            assert_eq!(count(2u64, plural), format!("2 {plural}"));
            assert_eq!(all(1u64, plural), format!("the only {one}"));
            assert_eq!(all(2u64, plural), format!("all 2 {plural}"));
        }
    }
}
