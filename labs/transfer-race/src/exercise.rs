//! The transfer's exercises: a student's `transfer` as the lab's one variant.

/// The transfer lab with an exercise file's `transfer` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn transfer<R: Runtime>(bank: &Bank<R>, cx: &Ctx) -> Result<(), Deadlock>`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::TransferLab, |bank, cx| {
            $crate::transfers(bank, cx, $module::transfer)
        })
    };
}
