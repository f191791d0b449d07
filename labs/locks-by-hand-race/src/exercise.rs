//! The locks-by-hand exercises: a student's `enter` as the lab's one variant.

/// The locks-by-hand lab with an exercise file's `enter` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn enter<R: Runtime>(hand: &Hand<R>, cx: &Ctx)`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::LocksByHandLab, |hand, cx| {
            $crate::entries(hand, cx, $module::enter)
        })
    };
}
