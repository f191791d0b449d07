//! Helpers: run the binary, parse its JSON.

use assert_cmd::Command;
use racelab_core::explore::{Budget, ExploreRequest};
use racelab_core::{AnyLab, Checker, Params, Report, State, VariantInfo};
use serde_json::Value;
use std::collections::BTreeSet;

/// The racelab binary with colour off.
pub fn racelab() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_racelab-under-test"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs racelab with `args`, expects exit `code`, returns the parsed JSON on stdout.
pub fn json(args: &[&str], code: i32) -> Value {
    let output = racelab().args(args).arg("--json").output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// Runs racelab with `args`, expects exit 2, returns stderr.
pub fn refused(args: &[&str]) -> String {
    let output = racelab().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
    stderr
}

/// Runs racelab with `args`, expects exit 0, returns stdout.
pub fn stdout_of(args: &[&str]) -> String {
    let output = racelab().args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// One case of the every-lab comparisons: a model-checked lab's variant at one size.
pub struct Case {
    pub lab: &'static dyn AnyLab,
    pub variant: &'static VariantInfo,
    pub params: Params,
    /// `lab variant NxK`, for messages.
    pub what: String,
    /// One more thread than the lab's own size (a lab of fixed size refuses it).
    pub grown: bool,
}

/// The floor is compared where it is small (a proof of 70,000 classes adds seconds, no case).
pub const FLOOR_BUDGET: Budget = Budget {
    max_executions: Some(20_000),
    time_limit: None,
    stop_at_first: false,
};

impl Case {
    /// A request for racelab's SC checker on this case, within [`FLOOR_BUDGET`].
    pub fn sc_request(&self) -> ExploreRequest {
        let mut request =
            ExploreRequest::new(self.variant.name, self.params.clone(), Checker::Dpor);
        request.budget = FLOOR_BUDGET;
        request
    }

    /// Explores `request`; `None` where a lab with a fixed number of threads refuses the
    /// grown size.
    pub fn explore(&self, request: &ExploreRequest) -> Option<Report> {
        match self.lab.explore(request) {
            Err(racelab_core::Error::BadInput(_)) if self.grown => None,
            other => Some(other.expect("it explores")),
        }
    }
}

/// Every model-checked lab's variants, at the lab's model size and with one more thread (one
/// iteration each).
pub fn every_variant_at_two_sizes() -> Vec<Case> {
    let mut cases = Vec::new();
    for lab in racelab_labs::all().filter(|l| l.info().model_checked) {
        let info = lab.info();
        let own = (info.model_sizes.threads, info.model_sizes.iters);
        for variant in info.variants {
            for (threads, iters) in [own, (own.0 + 1, 1)] {
                cases.push(Case {
                    lab,
                    variant,
                    params: Params::sized(info, threads, iters),
                    what: format!("{} {} {threads}x{iters}", info.id, variant.name),
                    grown: threads > own.0,
                });
            }
        }
    }
    cases
}

/// A report's outcomes: each final state with its verdict.
pub fn outcomes(report: &Report) -> BTreeSet<(State, String)> {
    (report.outcomes.iter())
        .map(|o| (o.state.clone(), o.verdict.clone()))
        .collect()
}
