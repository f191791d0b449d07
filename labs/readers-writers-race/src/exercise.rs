//! The readers-writers exercises: a student's `read_or_write` as the lab's one variant.

/// The readers-writers lab with an exercise file's `read_or_write` as its one variant
/// (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn read_or_write<R: Runtime>(library: &Library<R>, cx: &Ctx, role: Role)`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::ReadersWritersLab, |library, cx| {
            $crate::each(library, cx, $module::read_or_write)
        })
    };
}
