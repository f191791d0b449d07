//! The bounded buffer's exercises: a student's `put_or_take` as the lab's one variant.

/// The bounded-buffer lab with an exercise file's `put_or_take` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn put_or_take<R: Runtime>(buffer: &Buffer<R>, cx: &Ctx, role: Role)`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::BoundedBufferLab, |buffer, cx| {
            $crate::each(buffer, cx, $module::put_or_take)
        })
    };
}
