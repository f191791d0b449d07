//! The runner's watchdog, tried on a lab whose second trial never ends and on one whose
//! threads all wait for a notify that never comes.

use super::*;
use crate::{Ctx, Declared, LabInfo, VariantInfo, VariantKind};

/// A lab whose second trial never finishes.
#[derive(Debug, Clone, Default)]
struct HangsOnce(std::sync::Arc<std::sync::atomic::AtomicU64>);

static INFO: LabInfo = LabInfo {
    id: "hangs",
    title: "a trial that never ends",
    variants: &[VariantInfo {
        name: "hang",
        kind: VariantKind::Racy,
        summary: "blocks forever in the second trial",
        function: "",
    }],
    real_trials: 3,
    real_window: Window::None,
    ..LabInfo::DEFAULT
};

impl Declared for HangsOnce {
    type Shared<R: crate::Runtime> = ();
    fn info(&self) -> &'static LabInfo {
        &INFO
    }
    fn thread<R: crate::Runtime>(&self, _variant: usize, _shared: &(), _cx: &Ctx) -> i64 {
        if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1 {
            loop {
                std::thread::park();
            }
        }
        0
    }
}

impl Lab for HangsOnce {
    fn setup<R: crate::Runtime>(&self, _params: &Params) {}
    fn observe<R: crate::Runtime>(&self, _shared: &(), _results: &[i64]) -> State {
        State::from([("done".to_string(), 1)])
    }
    fn violations(&self, _params: &Params, _state: &State) -> Vec<String> {
        Vec::new()
    }
}

#[test]
fn a_trial_that_never_ends_is_reported_stuck_and_the_run_finishes() {
    let request = RunRequest {
        variant: "hang".into(),
        params: Params::sized(&INFO, 1, 1),
        trials: 3,
        window: Window::None,
    };
    let lab = HangsOnce::default();
    let report = run_watched(&lab, &request, &mut |_| {}, Duration::from_millis(200)).unwrap();
    assert_eq!(report.executions, 3);
    assert_eq!(report.violations, 1);
    let stuck = report
        .outcomes
        .iter()
        .find(|o| o.state.contains_key(STUCK))
        .unwrap();
    assert_eq!((stuck.count, stuck.verdict.as_str()), (1, STUCK_VERDICT));
}

/// A lab whose threads all wait on a condition variable that nobody notifies.
#[derive(Debug, Clone, Copy)]
struct LostWakeup;

static LOST: LabInfo = LabInfo {
    id: "lost",
    title: "a notify that never comes",
    variants: &[VariantInfo {
        name: "wait",
        kind: VariantKind::Racy,
        summary: "every thread waits on a condition variable",
        function: "",
    }],
    real_trials: 3,
    real_window: Window::None,
    ..LabInfo::DEFAULT
};

impl Declared for LostWakeup {
    type Shared<R: crate::Runtime> = (crate::Lock<R>, crate::Condvar<R>);
    fn info(&self) -> &'static LabInfo {
        &LOST
    }
    fn thread<R: crate::Runtime>(
        &self,
        _variant: usize,
        (lock, cv): &(crate::Lock<R>, crate::Condvar<R>),
        cx: &Ctx,
    ) -> i64 {
        let mut guard = lock.lock(cx);
        // Woken spuriously, it waits again: nothing ever lets it go.
        loop {
            guard = cv.wait(cx, guard);
        }
    }
}

impl Lab for LostWakeup {
    fn setup<R: crate::Runtime>(&self, _params: &Params) -> (crate::Lock<R>, crate::Condvar<R>) {
        (crate::Lock::new("m"), crate::Condvar::new("cv"))
    }
    fn observe<R: crate::Runtime>(
        &self,
        _shared: &(crate::Lock<R>, crate::Condvar<R>),
        _results: &[i64],
    ) -> State {
        State::new()
    }
    fn violations(&self, _params: &Params, _state: &State) -> Vec<String> {
        Vec::new()
    }
}

/// With a minute's patience, each trial is given up as soon as every thread waits with none
/// woken, and says so (were it the watchdog's patience, the verdict would say that instead).
#[test]
fn a_trial_where_every_thread_waits_for_a_notify_is_given_up_at_once() {
    let request = RunRequest {
        variant: "wait".into(),
        params: Params::sized(&LOST, 2, 1),
        trials: 3,
        window: Window::None,
    };
    let report = run_watched(&LostWakeup, &request, &mut |_| {}, Duration::from_secs(60)).unwrap();
    assert_eq!(report.executions, 3);
    let verdicts: Vec<&str> = report.outcomes.iter().map(|o| o.verdict.as_str()).collect();
    assert_eq!(verdicts, [WAITED_VERDICT]);
    // A verdict lists its violations with ", ": this one is one violation.
    assert_eq!(crate::verdict_of(&[WAITED_VERDICT.into()]), WAITED_VERDICT);
    assert!(!WAITED_VERDICT.contains(", "));
}
