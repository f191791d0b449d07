//! Thread symmetry on the labs beyond the counter: every fix whose lab says its threads are
//! alike, proven once per orbit and once per Mazurkiewicz class, side by side.

use crate::markdown::{table, thousands, Section};
use crate::stats::{show, timed};
use racelab_core::explore::ExploreRequest;
use racelab_core::{Checker, Equivalence, Params, Report, State, VariantKind};
use std::collections::BTreeSet;
use std::time::Duration;

/// What one proof of a row may take before the row falls back to a smaller size.
const LIMIT: Duration = Duration::from_secs(10);
/// The sizes tried, largest first: the first at which both proofs finish is shown.
const SIZES: [(usize, u64); 2] = [(3, 2), (3, 1)];

/// The proof `request` asks of `lab`, and how long it took; none where the lab refuses the size.
fn proof(
    lab: &dyn racelab_core::AnyLab,
    request: &ExploreRequest,
) -> anyhow::Result<Option<(Report, Duration)>> {
    let (report, took) = timed(|| lab.explore(request));
    Ok(crate::sized(report)?.map(|report| (report, took)))
}

/// What a proof with symmetry must keep of the floor's: its final states and verdicts, the
/// classes (the floor's executions) and the simplest counterexample's preemptions.
pub fn same(orbits: &Report, floor: &Report) -> bool {
    same_outcomes(orbits, floor) && orbits.classes == Some(floor.executions)
}

/// What any reduction must keep of the floor's: its final states and verdicts, and as simple a
/// counterexample (as few preemptions).
pub fn same_outcomes(reduced: &Report, floor: &Report) -> bool {
    let outcomes = |r: &Report| -> BTreeSet<(State, String)> {
        (r.outcomes.iter())
            .map(|o| (o.state.clone(), o.verdict.clone()))
            .collect()
    };
    let simplest = |r: &Report| r.counterexample.as_ref().map(|c| c.preemptions);
    outcomes(reduced) == outcomes(floor) && simplest(reduced) == simplest(floor)
}

/// Measures the section: every fix of a symmetric lab but the counter's (the beyond section has
/// the counter).
pub fn run() -> anyhow::Result<Section> {
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
                    "orbits: {} {} {threads} x {iters}, symmetry",
                    info.id, variant.name
                );
                let Some((orbits, orbits_time)) = proof(lab, &request)? else {
                    continue; // a lab of fixed size
                };
                if orbits.equivalence != Some(Equivalence::Symmetry) {
                    break;
                }
                request.symmetry = false;
                eprintln!(
                    "orbits: {} {} {threads} x {iters}, floor",
                    info.id, variant.name
                );
                let Some((floor, floor_time)) = proof(lab, &request)? else {
                    continue;
                };
                if !(orbits.exhaustive && floor.exhaustive) {
                    continue;
                }
                rows.push(vec![
                    format!("{} {} {threads} x {iters}", info.id, variant.name),
                    format!(
                        "{} in **{}**",
                        thousands(orbits.executions),
                        show(orbits_time)
                    ),
                    format!("{} in {}", thousands(floor.executions), show(floor_time)),
                    format!(
                        "{:.1}x",
                        floor_time.as_secs_f64() / orbits_time.as_secs_f64().max(1e-9)
                    ),
                    if same(&orbits, &floor) {
                        "yes"
                    } else {
                        "NO (a bug)"
                    }
                    .to_string(),
                ]);
                break;
            }
        }
    }
    if rows.is_empty() {
        return Ok(section(
            "No lab but the counter says its threads are alike.\n".into(),
        ));
    }
    let header = [
        "fix",
        "SC checker, symmetry",
        "SC checker, floor",
        "speedup",
        "same",
    ];
    Ok(section(format!(
        "Every fix of the labs whose threads are alike (`Lab::symmetric`), but the counter's \
         (see the section before), under racelab's SC checker with thread symmetry (`racelab \
         explore LAB --variant V --threads N --iters K`) and without (`--no-symmetry`), one run \
         each, at 3 x 2 or, where a proof there takes over {} s, 3 x 1. *same*: the same final \
         states and verdicts, as many classes stood for as the floor's executions, and a \
         counterexample with as few preemptions.\n\n{}",
        LIMIT.as_secs(),
        table(&header, &rows)
    )))
}

fn section(body: String) -> Section {
    Section {
        title: "Thread symmetry on the other labs".into(),
        body,
    }
}
