//! Outcomes and the outcome table: which final states were reached, how often, and the verdict.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The final observable state of one execution, by name (`counter = 3`).
pub type State = BTreeMap<String, i64>;

/// The verdict of a state with no violation.
pub const OK: &str = "ok";

/// One row of the outcome table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRow {
    /// The final state.
    pub state: State,
    /// How many executions (or trials) reached it.
    pub count: u64,
    /// `ok`, or the violations it shows, comma-separated.
    pub verdict: String,
}

impl OutcomeRow {
    /// Whether the state broke the invariant.
    pub fn is_violation(&self) -> bool {
        self.verdict != OK
    }
}

/// Counts executions by final state.
#[derive(Debug, Clone, Default)]
pub struct OutcomeTable {
    rows: BTreeMap<State, (u64, String)>,
}

impl OutcomeTable {
    /// Counts one execution that ended in `state` with `violations`.
    pub fn add(&mut self, state: State, violations: &[String]) {
        let row = self
            .rows
            .entry(state)
            .or_insert_with(|| (0, verdict_of(violations)));
        row.0 += 1;
    }

    /// Counts one more execution that ended in `state`, cloning it only when it is new.
    pub fn add_ref(&mut self, state: &State, violations: &[String]) {
        match self.rows.get_mut(state) {
            Some(row) => row.0 += 1,
            None => self.add(state.clone(), violations),
        }
    }

    /// Adds a row of another table (a shard's): its count, under its verdict.
    pub fn add_row(&mut self, row: &OutcomeRow) {
        let entry =
            (self.rows.entry(row.state.clone())).or_insert_with(|| (0, row.verdict.clone()));
        entry.0 += row.count;
    }

    /// The rows, correct outcomes first, then by state from the highest values down.
    pub fn rows(&self) -> Vec<OutcomeRow> {
        let mut rows: Vec<OutcomeRow> = self
            .rows
            .iter()
            .map(|(state, (count, verdict))| OutcomeRow {
                state: state.clone(),
                count: *count,
                verdict: verdict.clone(),
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.is_violation(), b.state.values().collect::<Vec<_>>())
                .cmp(&(b.is_violation(), a.state.values().collect::<Vec<_>>()))
        });
        rows
    }

    /// Adds every row of `other` to this table.
    pub fn merge(&mut self, other: &OutcomeTable) {
        for (state, (count, verdict)) in &other.rows {
            let row = self
                .rows
                .entry(state.clone())
                .or_insert_with(|| (0, verdict.clone()));
            row.0 += count;
        }
    }

    /// How many executions were counted.
    pub fn total(&self) -> u64 {
        self.rows.values().map(|(count, _)| count).sum()
    }

    /// How many counted executions broke the invariant.
    pub fn violations(&self) -> u64 {
        self.rows
            .values()
            .filter(|(_, verdict)| verdict != OK)
            .map(|(count, _)| count)
            .sum()
    }
}

/// `ok`, or the violation names joined by commas.
pub fn verdict_of(violations: &[String]) -> String {
    if violations.is_empty() {
        OK.to_string()
    } else {
        violations.join(", ")
    }
}

/// `once`, `twice`, `3 times`: how often, for a violation's words.
pub fn times(n: i64) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn how_often_in_words() {
        assert_eq!(super::times(1), "once");
        assert_eq!(super::times(2), "twice");
        assert_eq!(super::times(3), "3 times");
    }
}
