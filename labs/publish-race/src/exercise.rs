//! The publish lab's exercises: a student's `pass_message` as the lab's one variant.

/// The publish lab with an exercise file's `pass_message` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn pass_message<R: Runtime>(message: &Message<R>, cx: &Ctx) -> i64`: thread 1 writes,
/// thread 2 reads and returns what it read (or `NOT_READ`).
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::PublishLab, |message, cx| {
            $module::pass_message(message, cx)
        })
    };
}
