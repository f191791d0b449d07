//! Panics inside a model: the one racelab raises to stop loom at a budget, and the rest.

use std::any::Any;
use std::sync::Once;

/// Raised inside a loom model to stop it when the budget is spent (loom has no early exit).
pub(crate) struct BudgetStop(pub crate::Limit);

/// Stops the exploration now.
pub(crate) fn stop(reason: crate::Limit) -> ! {
    std::panic::panic_any(BudgetStop(reason))
}

/// Keeps [`BudgetStop`] out of the panic output; every other panic is reported as before.
///
/// shuttle installs a hook of its own the first time it runs an execution, wrapping whatever hook
/// is there; it prints "test panicked in task" for every panic, ours included. So one empty
/// shuttle execution runs first, and this hook goes on top of shuttle's.
pub(crate) fn quiet_budget_stops() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let mut config = shuttle::Config::new();
        config.silence_warnings = true;
        config.failure_persistence = shuttle::FailurePersistence::None;
        shuttle::Runner::new(shuttle::scheduler::RandomScheduler::new(1), config).run(|| {});
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<BudgetStop>() {
                previous(info);
            }
        }));
    });
}

/// The message of a panic payload.
pub(crate) fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "an unknown panic".into())
}

/// What a panic out of a shuttle-driven exploration means: shuttle's step bound (an execution
/// that never ended, `advice` saying why and what to try) or a panic of the lab's code.
pub(crate) fn under_shuttle(
    checker: &str,
    payload: &(dyn Any + Send),
    advice: &'static str,
) -> crate::Error {
    let message = message(payload);
    let bound = message
        .split_once("exceeded max_steps bound ")
        .map(|(_, rest)| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        });
    match bound.and_then(|digits| digits.parse().ok()) {
        Some(steps) => crate::Error::Hang {
            checker: checker.into(),
            steps,
            advice: advice.into(),
        },
        // shuttle stops at the first execution in which every task is blocked.
        None if message.starts_with("deadlock!") => crate::Error::Deadlock {
            checker: checker.into(),
            message,
        },
        None => crate::Error::Panicked {
            checker: checker.into(),
            message,
        },
    }
}
