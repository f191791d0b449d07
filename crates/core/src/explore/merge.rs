//! The shards of a split proof, merged into the report of the whole run (`racelab merge`).

use crate::outcome::{OutcomeRow, OutcomeTable};
use crate::{Bypass, Checker, Counterexample, Error, Limit, Report};
use std::collections::BTreeMap;

/// The report of the whole run from its shards' reports (each `explore --checker dpor --shard
/// I/N --json`): outcomes and executions added up, the simplest counterexample of all (equally
/// simple ones by their replay tokens, as a split run picks), each lock's worst bypass, and
/// exhaustive only when every shard of `1/N` to `N/N` is there, once, and finished.
pub fn merge(reports: Vec<Report>) -> Result<Report, Error> {
    let Some(first) = reports.first() else {
        return Err(Error::BadInput(
            "merge: give the --json reports of a proof's shards".into(),
        ));
    };
    let Some(count) = first.shard.map(|s| s.count) else {
        return Err(not_a_shard(first));
    };
    let mut seen = vec![false; count as usize];
    for report in &reports {
        let shard = report.shard.ok_or_else(|| not_a_shard(report))?;
        let same_run = report.checker == Some(Checker::Dpor)
            && (&report.lab, &report.variant, &report.params)
                == (&first.lab, &first.variant, &first.params)
            && report.equivalence == first.equivalence
            && report.spurious_wakeups == first.spurious_wakeups
            && shard.count == count;
        if !same_run {
            return Err(Error::BadInput(format!(
                "merge: the shards are of different runs ({} / {}, shard {} against {} / {}, \
                 shard {}): merge the shards of one `explore --shard I/N` command",
                report.lab,
                report.variant,
                shard,
                first.lab,
                first.variant,
                first.shard.expect("checked")
            )));
        }
        let slot = &mut seen[shard.index as usize - 1];
        if *slot {
            return Err(Error::BadInput(format!(
                "merge: shard {shard} is given twice: give each shard's report once"
            )));
        }
        *slot = true;
    }
    let missing: Vec<u64> = (1..=count).filter(|&i| !seen[i as usize - 1]).collect();
    let unfinished = (reports.iter())
        .filter_map(|r| r.limit.clone())
        .find(|limit| !matches!(limit, Limit::Shard { .. }));
    let limit = unfinished.or_else(|| {
        (!missing.is_empty()).then(|| Limit::MissingShards {
            missing: missing.clone(),
            count,
        })
    });
    let mut merged = first.clone();
    merged.shard = None;
    merged.exhaustive = limit.is_none();
    merged.limited_by = limit.as_ref().map(Limit::to_string);
    merged.limit = limit;
    merged.first_violation = None;
    merged.executions = reports.iter().map(|r| r.executions).sum();
    merged.violations = reports.iter().map(|r| r.violations).sum();
    merged.redundant = Some(reports.iter().filter_map(|r| r.redundant).sum());
    // Counted only where every shard counted its own.
    merged.classes = reports.iter().map(|r| r.classes).sum();
    merged.elapsed_ms = reports.iter().map(|r| r.elapsed_ms).fold(0.0, f64::max);
    merged.outcomes = outcomes(&reports);
    merged.counterexample = simplest(reports.iter().filter_map(|r| r.counterexample.as_ref()));
    merged.counterexamples_by_verdict = by_verdict(&reports);
    merged.bypass = bypass(&reports);
    let mut weak: Vec<String> = reports
        .iter()
        .flat_map(|r| r.weak_orderings.clone())
        .collect();
    weak.sort();
    weak.dedup();
    merged.weak_orderings = weak;
    Ok(merged)
}

fn not_a_shard(report: &Report) -> Error {
    Error::BadInput(format!(
        "merge: the report of {} / {} is not a shard of a proof: give the --json reports of \
         `racelab explore --checker dpor --shard I/N`",
        report.lab, report.variant
    ))
}

/// Every shard's outcomes, counts added up by state, in the order an exploration gives them.
fn outcomes(reports: &[Report]) -> Vec<OutcomeRow> {
    let mut table = OutcomeTable::default();
    for row in reports.iter().flat_map(|r| &r.outcomes) {
        table.add_row(row);
    }
    table.rows()
}

/// The simplest of `found`: fewest preemptions, then fewest steps, then the first replay token.
fn simplest<'a>(found: impl Iterator<Item = &'a Counterexample>) -> Option<Counterexample> {
    found
        .min_by(|a, b| {
            let key = |c: &'a Counterexample| (c.preemptions, c.steps.len(), c.replay.clone());
            key(a).cmp(&key(b))
        })
        .cloned()
}

/// The simplest counterexample of each verdict, when there are several verdicts.
fn by_verdict(reports: &[Report]) -> Vec<Counterexample> {
    let mut all: BTreeMap<&str, Vec<&Counterexample>> = BTreeMap::new();
    for report in reports {
        let each = (report.counterexamples_by_verdict.iter()).chain(&report.counterexample);
        for found in each {
            all.entry(found.verdict.as_str()).or_default().push(found);
        }
    }
    if all.len() < 2 {
        return Vec::new();
    }
    (all.into_values())
        .filter_map(|found| simplest(found.into_iter()))
        .collect()
}

/// Each lock's worst bypass over the shards (the first shard's of equals).
fn bypass(reports: &[Report]) -> Vec<Bypass> {
    let mut worst: Vec<Bypass> = Vec::new();
    for b in reports.iter().flat_map(|r| &r.bypass) {
        match worst.iter_mut().find(|w| w.object == b.object) {
            Some(w) if b.times > w.times => *w = b.clone(),
            Some(_) => {}
            None => worst.push(b.clone()),
        }
    }
    worst
}
