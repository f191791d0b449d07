//! The philosophers' exercises: a student's `meal` as the lab's one variant.

/// The philosophers lab with an exercise file's `meal` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn meal<R: Runtime>(table: &Table<R>, cx: &Ctx) -> Result<bool, Deadlock>`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::PhilosophersLab, |table, cx| {
            $crate::dinner(table, cx, $module::meal)
        })
    };
}
