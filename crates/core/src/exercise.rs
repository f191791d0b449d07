//! A lab with one variant written outside it: a student's exercise file, graded like any variant.

use crate::explore::ExploreRequest;
use crate::runtime::{Coroutines, Loom, Shuttle, Std};
use crate::{Checker, Ctx, Declared, Error, Lab, LabInfo, Params, Report, Runtime, State, Trial};
use crate::{VariantInfo, VariantKind};
use std::any::Any;

/// The name of the one variant of a [`Graded`] lab.
pub const STUDENT: &str = "student";

/// One thread's work over a lab's shared state, for one backend.
pub type ThreadFn<L, R> = fn(&<L as Declared>::Shared<R>, &Ctx) -> i64;

/// `lab` with one variant, [`STUDENT`], whose threads run code from outside the lab.
///
/// The code is given once per backend as plain function pointers (see [`graded!`]), so every
/// exercise of a lab shares one instantiation of the explorers: adding an exercise costs a few
/// small functions, not another copy of the explorers.
#[derive(Debug)]
pub struct Graded<L: Lab> {
    lab: L,
    info: &'static LabInfo,
    on_std: ThreadFn<L, Std>,
    on_loom: ThreadFn<L, Loom>,
    on_shuttle: ThreadFn<L, Shuttle>,
    on_coroutines: ThreadFn<L, Coroutines>,
}

impl<L: Lab> Clone for Graded<L> {
    fn clone(&self) -> Self {
        Graded {
            lab: self.lab.clone(),
            ..*self
        }
    }
}

impl<L: Lab> Graded<L> {
    /// Explores the code under test at `params` with `checker`: one size of what grading runs.
    pub fn explore_at(&self, params: Params, checker: Checker) -> Result<Report, Error> {
        let request = ExploreRequest::new(STUDENT, params, checker);
        crate::explore::explore(self, &request)
    }

    /// The verdict of the simplest counterexample that each model checker (the SC checker,
    /// loom, shuttle's DFS) finds in the code under test at `params`, none where it finds none:
    /// what a test of code that skips its work expects of every checker alike.
    pub fn verdicts_at(&self, params: &Params) -> Result<Vec<(Checker, Option<String>)>, Error> {
        [Checker::Dpor, Checker::Loom, Checker::Dfs]
            .into_iter()
            .map(|checker| {
                let report = self.explore_at(params.clone(), checker)?;
                Ok((checker, report.counterexample.map(|cx| cx.verdict)))
            })
            .collect()
    }

    /// `lab` with the student's thread code for each backend (use [`graded!`]).
    pub fn new(
        lab: L,
        on_std: ThreadFn<L, Std>,
        on_loom: ThreadFn<L, Loom>,
        on_shuttle: ThreadFn<L, Shuttle>,
        on_coroutines: ThreadFn<L, Coroutines>,
    ) -> Self {
        static VARIANTS: [VariantInfo; 1] = [VariantInfo {
            name: STUDENT,
            kind: VariantKind::Fix,
            summary: "the code in the exercise file",
            function: "",
        }];
        let info = Box::leak(Box::new(LabInfo {
            variants: &VARIANTS,
            ..*lab.info()
        }));
        Graded {
            lab,
            info,
            on_std,
            on_loom,
            on_shuttle,
            on_coroutines,
        }
    }
}

/// Builds a [`Graded`] lab from one closure over the shared state, written once for every backend.
///
/// `graded!(BankLab, |account, cx| withdrawals(account, cx, student::withdraw))`
#[macro_export]
macro_rules! graded {
    ($lab:expr, |$shared:ident, $cx:ident| $body:expr) => {
        $crate::exercise::Graded::new(
            $lab,
            |$shared, $cx| $body,
            |$shared, $cx| $body,
            |$shared, $cx| $body,
            |$shared, $cx| $body,
        )
    };
}

/// Runs the student's code for backend `R` on `shared`.
fn dispatch<L: Lab, R: Runtime>(graded: &Graded<L>, shared: &L::Shared<R>, cx: &Ctx) -> i64 {
    let shared: &dyn Any = shared;
    if let Some(shared) = shared.downcast_ref::<L::Shared<Loom>>() {
        (graded.on_loom)(shared, cx)
    } else if let Some(shared) = shared.downcast_ref::<L::Shared<Shuttle>>() {
        (graded.on_shuttle)(shared, cx)
    } else if let Some(shared) = shared.downcast_ref::<L::Shared<Coroutines>>() {
        (graded.on_coroutines)(shared, cx)
    } else if let Some(shared) = shared.downcast_ref::<L::Shared<Std>>() {
        (graded.on_std)(shared, cx)
    } else {
        unreachable!("every runtime is one of std, loom, shuttle and racelab's coroutines")
    }
}

impl<L: Lab> Declared for Graded<L> {
    type Shared<R: Runtime> = L::Shared<R>;

    fn info(&self) -> &'static LabInfo {
        self.info
    }

    fn thread<R: Runtime>(&self, _variant: usize, shared: &Self::Shared<R>, cx: &Ctx) -> i64 {
        dispatch(self, shared, cx)
    }
}

impl<L: Lab> Lab for Graded<L> {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        self.lab.check_params(params)
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Self::Shared<R> {
        self.lab.setup(params)
    }

    fn observe<R: Runtime>(&self, shared: &Self::Shared<R>, results: &[i64]) -> State {
        self.lab.observe(shared, results)
    }

    /// Symmetric where every variant of the lab is: then its threads are alike whatever code
    /// they run, and the student's code runs in every thread. (Code that asks for its thread's
    /// number turns the reduction off, as a variant's would.)
    fn symmetric(&self, _variant: usize) -> bool {
        (0..self.lab.info().variants.len()).all(|variant| self.lab.symmetric(variant))
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        self.lab.violations(params, state)
    }

    fn stuck_state(&self, params: &Params, cells: &State, stuck: usize) -> Option<State> {
        self.lab.stuck_state(params, cells, stuck)
    }

    fn trial(&self, params: &Params, state: &State) -> Option<Trial> {
        self.lab.trial(params, state)
    }
}
