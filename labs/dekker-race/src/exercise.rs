//! The dekker lab's exercises: a student's `try_enter` as the lab's one variant.

/// The dekker lab with an exercise file's `try_enter` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn try_enter<R: Runtime>(flags: &Flags<R>, cx: &Ctx) -> bool`, true when the thread
/// entered the critical section.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::DekkerLab, |flags, cx| {
            $crate::attempt(flags, cx, |flags, cx| {
                if $module::try_enter(flags, cx) {
                    $crate::ENTERED
                } else {
                    0
                }
            })
        })
    };
}
