//! The counter's exercises: a student's `increment` as the lab's one variant.

/// The counter lab with an exercise file's `increment` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn increment<R: Runtime>(counter: &Counter<R>, cx: &Ctx)`; each thread calls it
/// `iters` times.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::CounterLab, |counter, cx| {
            for _ in 0..cx.iters() {
                $module::increment(counter, cx);
            }
            0
        })
    };
}
