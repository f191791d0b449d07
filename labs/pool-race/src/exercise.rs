//! The pool's exercises: a student's `task` as the lab's one variant.

/// The pool lab with an exercise file's `task` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn task<R: Runtime>(shared: &Shared<R>, cx: &Ctx) -> i64`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::PoolLab, |shared, cx| {
            $crate::tasks(shared, cx, $module::task)
        })
    };
}
