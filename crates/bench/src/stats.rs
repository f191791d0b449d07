//! Medians, maxima and timing.

use std::time::{Duration, Instant};

/// The median (the upper one of an even count); 0 for none.
pub fn median<T: Copy + PartialOrd + Default>(values: &[T]) -> T {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// The largest value; 0 for none.
pub fn max<T: Copy + PartialOrd + Default>(values: &[T]) -> T {
    values
        .iter()
        .copied()
        .fold(T::default(), |a, b| if b > a { b } else { a })
}

/// Runs `f` and returns its result and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// `12.3 ms`, `1.40 s`.
pub fn show(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// Milliseconds as a duration.
pub fn ms(value: f64) -> Duration {
    Duration::from_secs_f64(value.max(0.0) / 1000.0)
}
