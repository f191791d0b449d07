//! Thread symmetry on the labs beyond the counter: every fix whose lab says its threads are
//! alike, proven once per orbit and once per Mazurkiewicz class, side by side.

use crate::markdown::table;
use crate::stats::{show, timed};
use racelab_core::explore::ExploreRequest;
use racelab_core::{Checker, Equivalence, Params, Report, VariantKind};
use std::time::Duration;

/// What one proof of a row may take before the row falls back to a smaller size.
const LIMIT: Duration = Duration::from_secs(10);
/// The sizes tried, largest first: the first at which both proofs finish is shown.
const SIZES: [(usize, u64); 2] = [(3, 2), (3, 1)];

fn proof(
    lab: &dyn racelab_core::AnyLab,
    request: &ExploreRequest,
) -> anyhow::Result<(Report, Duration)> {
    let (report, took) = timed(|| lab.explore(request));
    Ok((report?, took))
}

/// The table of every symmetric lab's fixes (the counter has its own rows above).
pub fn rows() -> anyhow::Result<String> {
    let mut rows = Vec::new();
    for lab in racelab_labs::all().filter(|lab| lab.info().model_checked) {
        let info = lab.info();
        if info.id == "counter" {
            continue;
        }
        for variant in info.variants.iter().filter(|v| v.kind == VariantKind::Fix) {
            for (threads, iters) in SIZES {
                let params = Params::sized(info, threads, iters);
                let mut request = ExploreRequest::new(variant.name, params, Checker::Dpor);
                request.budget.time_limit = Some(LIMIT);
                request.symmetry = true;
                eprintln!(
                    "beyond: {} {} {threads} x {iters}, symmetry",
                    info.id, variant.name
                );
                let Ok((orbits, orbits_time)) = proof(lab, &request) else {
                    break; // a lab of fixed size
                };
                if orbits.equivalence != Some(Equivalence::Symmetry) {
                    break;
                }
                request.symmetry = false;
                eprintln!(
                    "beyond: {} {} {threads} x {iters}, floor",
                    info.id, variant.name
                );
                let (floor, floor_time) = proof(lab, &request)?;
                if !(orbits.exhaustive && floor.exhaustive) {
                    continue;
                }
                let same = orbits.outcomes == floor.outcomes
                    && orbits.classes == Some(floor.executions)
                    && orbits.counterexample.as_ref().map(|c| c.preemptions)
                        == floor.counterexample.as_ref().map(|c| c.preemptions);
                rows.push(vec![
                    format!("{} {} {threads} x {iters}", info.id, variant.name),
                    format!("{} in **{}**", orbits.executions, show(orbits_time)),
                    format!("{} in {}", floor.executions, show(floor_time)),
                    format!(
                        "{:.1}x",
                        floor_time.as_secs_f64() / orbits_time.as_secs_f64().max(1e-9)
                    ),
                    if same { "yes" } else { "NO (a bug)" }.to_string(),
                ]);
                break;
            }
        }
    }
    if rows.is_empty() {
        return Ok("- No lab but the counter says its threads are alike.\n".into());
    }
    Ok(format!(
        "\nThe other labs whose threads are alike (`Lab::symmetric`), every fix, one run each \
         (`racelab explore LAB --variant V --threads N --iters K`, with and without \
         `--no-symmetry`), at 3 x 2 or, where a proof there takes over {} s, 3 x 1. *same* \
         compares the outcome tables, the classes the orbits stand for with the floor's \
         executions, and the counterexample's preemptions.\n\n{}",
        LIMIT.as_secs(),
        table(
            &[
                "fix",
                "SC checker, symmetry",
                "SC checker, floor",
                "speedup",
                "same"
            ],
            &rows
        )
    ))
}
