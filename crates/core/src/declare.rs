//! `lab!`: a lab declared once, each variant one line with its kind, summary and code.

/// Declares a lab: its unit struct, its description, and its variants, each listed once.
///
/// ```ignore
/// racelab_core::lab! {
///     /// The counter lab.
///     pub struct CounterLab(Counter) {
///         id: "counter",
///         title: "a shared counter loses updates",
///         iteration: "increments",
///         model_sizes: Sizes::new(2, 2),
///     }
///     variants {
///         "racy": Racy => variants::racy, "load, then store the value plus one";
///         "atomic": Fix => variants::atomic, "fetch_add: one indivisible step";
///     }
/// }
/// ```
///
/// - `Counter` is the shared state, generic over the runtime (`Counter<R>`).
/// - The fields are [`LabInfo`](crate::LabInfo)'s; those left out keep
///   [`LabInfo::DEFAULT`](crate::LabInfo::DEFAULT). The crate's name, its `README.md` and its
///   `src/variants.rs` are found by `lab!` itself.
/// - A variant's kind is `Racy`, `WrongFix` or `Fix` ([`VariantKind`](crate::VariantKind)).
/// - By default a thread calls its variant once, `code(&shared, cx)`, and hands over what it
///   returns (`()` or an `i64`). A lab whose threads run the variant their own way says how,
///   with `variants(each) { ... }`: then a thread runs `each(&shared, cx, code)`, e.g. a
///   withdrawal `iters` times, adding up what it was paid.
///
/// It writes the struct and its [`Declared`](crate::lab::Declared) impl; the lab implements
/// [`Lab`](crate::Lab) (setup, observe, violations) beside it.
#[macro_export]
macro_rules! lab {
    (
        $(#[$attr:meta])*
        $vis:vis struct $lab:ident($shared:ident) {
            $($field:ident: $value:expr),* $(,)?
        }
        variants {
            $($name:literal: $kind:ident => $code:path, $summary:literal;)+
        }
    ) => {
        $crate::lab! {
            $(#[$attr])*
            $vis struct $lab($shared) { $($field: $value),* }
            variants($crate::lab::call_once) {
                $($name: $kind => $code, $summary;)+
            }
        }
    };
    (
        $(#[$attr:meta])*
        $vis:vis struct $lab:ident($shared:ident) {
            $($field:ident: $value:expr),* $(,)?
        }
        variants($each:path) {
            $($name:literal: $kind:ident => $code:path, $summary:literal;)+
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $lab;

        impl $crate::lab::Declared for $lab {
            type Shared<R: $crate::Runtime> = $shared<R>;

            fn info(&self) -> &'static $crate::LabInfo {
                static INFO: $crate::LabInfo = $crate::__lab_info!(
                    { $($field: $value),* } [$($name: $kind => $code, $summary;)+]
                );
                &INFO
            }

            fn thread<R: $crate::Runtime>(
                &self,
                variant: usize,
                shared: &$shared<R>,
                cx: &$crate::Ctx,
            ) -> i64 {
                let variants: &[fn(&$shared<R>, &$crate::Ctx) -> i64] =
                    &[$(|shared, cx| $each(shared, cx, $code)),+];
                variants[variant](shared, cx)
            }
        }
    };
}

/// Declares a lab that racelab's checkers cannot run (real processes): its description, and a
/// table of its variants' code in the same order, each variant listed once as in [`lab!`].
///
/// ```ignore
/// racelab_core::real_lab! {
///     /// The processes lab.
///     pub static INFO;
///     /// Each variant's code, in the order of `INFO.variants`.
///     pub static CODE: [fn(&mut File, u64, Window) -> std::io::Result<i64>];
///     { id: "processes", title: "...", model_checked: false, workers: "processes" }
///     variants {
///         "racy-file": Racy => variants::racy_file, "read the file, then write it back plus one";
///     }
/// }
/// ```
#[macro_export]
macro_rules! real_lab {
    (
        $(#[$info_attr:meta])*
        $info_vis:vis static $info:ident;
        $(#[$code_attr:meta])*
        $code_vis:vis static $table:ident: [$code_type:ty];
        { $($field:ident: $value:expr),* $(,)? }
        variants {
            $($name:literal: $kind:ident => $code:path, $summary:literal;)+
        }
    ) => {
        $(#[$info_attr])*
        $info_vis static $info: $crate::LabInfo =
            $crate::__lab_info!({ $($field: $value),* } [$($name: $kind => $code, $summary;)+]);

        $(#[$code_attr])*
        $code_vis static $table: &[$code_type] = &[$($code),+];
    };
}

/// The [`LabInfo`](crate::LabInfo) of a declaration, with what `lab!` finds by itself: the
/// crate's name, its `README.md` and its `src/variants.rs`.
#[doc(hidden)]
#[macro_export]
macro_rules! __lab_info {
    ({ $($field:ident: $value:expr),* } [$($name:literal: $kind:ident => $code:path, $summary:literal;)+]) => {
        $crate::LabInfo {
            crate_name: env!("CARGO_PKG_NAME"),
            readme: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")),
            variants_source: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/variants.rs")),
            variants: &[$($crate::VariantInfo {
                name: $name,
                kind: $crate::VariantKind::$kind,
                summary: $summary,
                function: $crate::lab::function_name(stringify!($code)),
            }),+],
            $($field: $value,)*
            ..$crate::LabInfo::DEFAULT
        }
    };
}
