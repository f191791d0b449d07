//! The async bank's exercises: a student's async `withdraw` as the lab's one variant.

/// The async-bank lab with an exercise file's `withdraw` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub async fn withdraw<R: Runtime>(ex: &Executor<'_, R>, balance: &CoopCell, amount: i64,
/// cx: &Ctx) -> bool`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::AsyncBankLab, |bank, cx| {
            $crate::tasks(bank, cx, $module::withdraw)
        })
    };
}
