//! The barrier's exercises: a student's `meet` as the lab's one variant.

/// The barrier lab with an exercise file's `meet` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn meet<R: Runtime>(meeting: &Meeting<R>, cx: &Ctx)`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::BarrierLab, |meeting, cx| {
            $crate::rounds(meeting, cx, $module::meet)
        })
    };
}
