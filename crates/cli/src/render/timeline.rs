//! The timeline of a counterexample: one column per thread, one row per step.

use crate::style;
use colored::Colorize;
use racelab_core::trace::{Action, Step};
use racelab_core::{Checker, Counterexample, LabInfo, State};
use std::fmt::Write;

/// The whole timeline fits in this many columns.
const WIDTH: usize = 80;

/// The title, the steps, and the state they end in.
pub fn render(cx: &Counterexample, info: &LabInfo) -> String {
    titled(cx, info, "simplest interleaving")
}

/// [`render`], naming the trace `what` ("the replayed schedule").
pub fn titled(cx: &Counterexample, info: &LabInfo, what: &str) -> String {
    let mut out = String::new();
    let plural = if cx.preemptions == 1 { "" } else { "s" };
    let origin = match cx.found_by {
        Checker::Loom => "loom, weak memory: stale reads are marked",
        _ => "sequentially consistent",
    };
    let _ = writeln!(
        out,
        "{} ({} preemption{plural}; {origin}):",
        style::heading(&format!("{what} that ends in: {}", cx.verdict)),
        cx.preemptions
    );
    out.push_str(&table(&cx.steps, info, Some((&cx.state, &cx.verdict))));
    out
}

/// The steps, one column per thread (at least `threads` columns), and, when given, the state
/// they end in with its verdict (a violation marks the step that breaks it).
pub fn table(steps: &[Step], info: &LabInfo, end: Option<(&State, &str)>) -> String {
    table_of(
        steps,
        info,
        steps.iter().map(|s| s.thread).max().unwrap_or(1),
        end,
    )
}

/// What goes beside a step in its row: its notes (as they read and as they are coloured) and
/// its line.
struct Beside {
    notes: Vec<String>,
    styled: Vec<String>,
    label: String,
}

impl Beside {
    /// Beside `step`, the one that `breaks` the invariant or not, in a trace most of whose steps
    /// are in the file `home`.
    fn of(step: &Step, breaks: bool, home: Option<&str>) -> Beside {
        let (mut notes, mut styled) = (Vec::new(), Vec::new());
        if let Some(from) = step.preempts {
            notes.push(format!("preempts t{from}"));
            styled.push(style::dim(&format!("preempts t{from}")).to_string());
        }
        for (on, note) in [(step.stale, "stale"), (breaks, "breaks it")] {
            if on {
                notes.push(note.to_string());
                styled.push(style::verdict(note).to_string());
            }
        }
        let label = match file_name(step) {
            // A step in another file than most: its line is named with its file.
            Some(name) if Some(name) != home => format!("{name}:{}", step.line),
            _ => format!("line {}", step.line),
        };
        Beside {
            notes,
            styled,
            label,
        }
    }

    /// Room for the indent, the step and its padding, with the line and the notes in 80.
    fn room(&self) -> usize {
        let notes = &self.notes;
        let noted = notes.iter().map(|n| n.chars().count() + 2).sum::<usize>() + 3;
        WIDTH.saturating_sub(6 + self.label.len() + if notes.is_empty() { 0 } else { noted })
    }
}

/// [`table`] with `threads` columns whatever the steps.
pub fn table_of(
    steps: &[Step],
    info: &LabInfo,
    threads: usize,
    end: Option<(&State, &str)>,
) -> String {
    let mut out = String::new();
    let width = |s: &Step| describe(s).chars().count();
    let widest = steps.iter().map(width).max().unwrap_or(0);
    let column = (widest + 3).clamp(14, ((WIDTH - 30) / threads.max(1)).clamp(14, 24));
    // A step longer than its column runs on into the columns to its right, empty in its row
    // (`notify_one not_empty -> wakes t2`): nothing is cut. One that would run past the page's
    // width (with its line) starts at the left instead, named by its thread (`t3: wakes ...`).
    let fits = |s: &Step| column * (s.thread - 1) + width(s) <= WIDTH - 16;
    let body = (steps.iter().filter(|s| fits(s)))
        .map(|s| column * (s.thread - 1) + width(s) + 1)
        .max()
        .unwrap_or(0)
        .max(column * threads.max(1));
    let mut head = String::from("  #   ");
    for t in 1..=threads {
        let _ = write!(head, "{:<column$}", format!("{} {t}", info.worker_one()));
    }
    let _ = writeln!(out, "{}", head.trim_end());
    let broken = end.is_some_and(|(_, verdict)| verdict != racelab_core::OK);
    let breaking = end
        .filter(|_| broken)
        .and_then(|(state, _)| breaking(steps, state, info));
    let home = home_file(steps);
    let beside: Vec<Beside> = (steps.iter().enumerate())
        .map(|(i, step)| Beside::of(step, Some(i) == breaking, home))
        .collect();
    // The rows' lines start in one column: the widest steps' end, or less where a row's notes
    // need the room. A step that runs past that column pushes its own line on; a row whose notes
    // need more room than the others could instead take its line to the left on its own:
    // whichever leaves fewer lines out of the column.
    let common = (beside.iter().map(Beside::room)).fold(body, usize::min);
    let past = |at: usize| {
        let ends_past = |s: &&Step| fits(s) && column * (s.thread - 1) + width(s) >= at;
        steps.iter().filter(ends_past).count()
    };
    let shrunk = beside.iter().filter(|b| b.room() < body).count();
    let lines_at = if past(common) <= shrunk + past(body) {
        common
    } else {
        body
    };
    for ((i, step), beside) in steps.iter().enumerate().zip(beside) {
        let room = beside.room();
        let Beside { styled, label, .. } = beside;
        let mut row = format!("  {:<4}", i + 1);
        let (indent, text) = if column * (step.thread - 1) + width(step) < room {
            (column * (step.thread - 1), describe(step))
        } else {
            (0, format!("t{}: {}", step.thread, describe(step)))
        };
        let pad = lines_at.min(room).max(indent + text.chars().count() + 1) - indent;
        if indent + pad > room {
            // Still too long, even from the left: the step wraps, and its line and notes go on
            // a row of their own.
            let options = textwrap::Options::new(WIDTH - 6).subsequent_indent("    ");
            let wrapped = textwrap::wrap(&text, options).join(&format!("\n{:6}", ""));
            let at = 6 + lines_at.min(room);
            let _ = write!(row, "{wrapped}\n{:at$}", "");
        } else {
            row.push_str(&" ".repeat(indent));
            let _ = write!(row, "{text:<width$} ", width = pad - 1);
        }
        if step.stale {
            row = row.yellow().to_string();
        }
        if Some(i) == breaking {
            row = row.red().bold().to_string();
        }
        let _ = write!(row, "{}", style::dim(&label));
        if !styled.is_empty() {
            let _ = write!(row, "  <- {}", styled.join(", "));
        }
        let _ = writeln!(out, "{}", row.trim_end());
    }
    if let Some((state, verdict)) = end {
        let state: Vec<String> = state.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let state = state.join(", ");
        // The verdict goes on a line of its own when the two do not fit in one.
        let apart = 13 + state.chars().count() + verdict.chars().count() > WIDTH;
        let between = if apart { "\n     " } else { "" };
        let _ = writeln!(
            out,
            "  end {state}{between}  ->  {}",
            style::verdict(verdict)
        );
    }
    let used: Vec<String> = ORDERINGS
        .iter()
        .filter(|(name, _)| steps.iter().any(|s| s.ordering.as_deref() == Some(*name)))
        .map(|(name, short)| format!("{short} = {name}"))
        .collect();
    let mut legend = Vec::new();
    if !used.is_empty() {
        legend.push(format!("{}; unmarked steps are SeqCst", used.join(", ")));
    }
    if steps.iter().any(|s| s.stale) {
        legend.push("stale: read an older value than the latest store".to_string());
    }
    for line in legend {
        let _ = writeln!(out, "  {}", style::dim(&line));
    }
    out
}

/// Orderings weaker than SeqCst, and how a timeline marks them.
const ORDERINGS: [(&str, &str); 4] = [
    ("Relaxed", "rlx"),
    ("Acquire", "acq"),
    ("Release", "rel"),
    ("AcqRel", "acqrel"),
];

/// The step where the invariant breaks. Under weak memory, the first stale read of an ordering
/// weaker than SeqCst (else the last stale read); where the lab counts what breaks it
/// ([`LabInfo::witnesses`]), the counting thread's last step before its first count, in the
/// code the trace shows most (not a check of the lab's own), which comes before any wait the
/// trace ends with; a deadlock or a hang breaks at the first of the waits it
/// ends with; otherwise the last write settles the final state, and there it breaks.
pub(crate) fn breaking(steps: &[Step], state: &State, info: &LabInfo) -> Option<usize> {
    let write = |s: &Step| {
        matches!(
            s.action,
            Action::Store | Action::FetchAdd | Action::Add | Action::Cas
        )
    };
    // A lab's own count of what breaks it (`add torn <- 1`), made right after its thread saw
    // it ([`LabInfo::witnesses`]).
    let witness = |s: &Step| {
        s.action == Action::Add
            && (info.witnesses.iter())
                .any(|(key, cell)| *cell == s.target && state.get(*key).is_some_and(|&n| n != 0))
    };
    // Weak memory: the first stale read of a weaker ordering (loom treats SeqCst as AcqRel, so
    // a SeqCst read may be stale too, later, as a consequence).
    (steps.iter())
        .position(|s| s.stale && s.ordering.is_some())
        .or_else(|| steps.iter().rposition(|s| s.stale))
        .or_else(|| {
            // (Its last step in the code shown, rather than a check of the lab's own that only
            // finds it out, if it has one.)
            let seen = steps.iter().position(witness)?;
            let by = |s: &&Step| s.thread == steps[seen].thread;
            let home = home_file(steps);
            let shown = (steps[..seen].iter()).rposition(|s| by(&s) && file_name(s) == home);
            Some(
                shown
                    .or_else(|| steps[..seen].iter().rposition(|s| by(&s)))
                    .unwrap_or(seen),
            )
        })
        .or_else(|| {
            (steps.iter())
                .position(|s| matches!(s.action, Action::Deadlock | Action::Spin | Action::Blocked))
        })
        // The last write to a cell the final state shows (not, say, a pool's queue).
        .or_else(|| (steps.iter()).rposition(|s| write(s) && state.contains_key(&*s.target)))
        .or_else(|| steps.iter().rposition(write))
}

/// `load counter -> 0`, `store counter <- 1`, `lock mutex`; with a weaker ordering than
/// SeqCst, `load.acq flag -> 1`, `store.rel flag <- 1`.
pub fn describe(step: &Step) -> String {
    let value = step.value.map(|v| v.to_string()).unwrap_or_default();
    let short = (ORDERINGS.iter())
        .find(|(name, _)| step.ordering.as_deref() == Some(*name))
        .map_or(String::new(), |(_, short)| format!(".{short}"));
    match step.action {
        Action::Load => format!("load{short} {} -> {value}", step.target),
        Action::Store | Action::FetchAdd | Action::Add | Action::Cas => {
            format!("{}{short} {} <- {value}", step.action.word(), step.target)
        }
        Action::CasFailed => format!("cas {} fails ({value})", step.target),
        Action::Lock | Action::Unlock => format!("{} {}", step.action.word(), step.target),
        Action::Deadlock => format!("wait {}: t{value} holds it", step.target),
        Action::Await => "await".to_string(),
        // `waits on flag (1)`; a loop reading more cells: ` or turn (2)` for each other one.
        Action::Spin => format!(
            "waits on {} ({value}){}",
            step.target,
            step.note.as_deref().unwrap_or_default()
        ),
        Action::Fence => format!("fence{short}"),
        // A waiting primitive's step says the rest itself: `wait not_empty (releases
        // buffer)`, `notify_one not_empty -> wakes t2`, `acquire items (1 -> 0)`.
        action => format!(
            "{} {}{}",
            action.word(),
            step.target,
            step.note.as_deref().unwrap_or_default()
        ),
    }
}

/// The name of the file a step's code is in.
fn file_name(step: &Step) -> Option<&str> {
    std::path::Path::new(step.file.as_ref())
        .file_name()
        .and_then(|name| name.to_str())
}

/// The file most of the steps are in (the first of them on a tie): its steps show a bare line
/// number, the others their file's name too (a lab's own code beside a student's file).
fn home_file(steps: &[Step]) -> Option<&str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for name in steps.iter().filter_map(file_name) {
        match counts.iter_mut().find(|c| c.0 == name) {
            Some(count) => count.1 += 1,
            None => counts.push((name, 1)),
        }
    }
    let most = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == most).map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(thread: usize, action: Action, target: &'static str, note: &str) -> Step {
        Step {
            thread,
            action,
            target: target.into(),
            value: Some(1),
            stale: false,
            ordering: None,
            file: "".into(),
            line: 7,
            preempts: None,
            note: Some(note.to_string()).filter(|n| !n.is_empty()),
        }
    }

    /// A step in another file than most (a lab's own code beside a student's file) names its
    /// file with its line: a bare line number is one of the file most steps are in.
    #[test]
    fn a_step_in_another_file_names_it() {
        let in_file = |thread, file: &'static str, line| Step {
            file: file.into(),
            line,
            ..step(thread, Action::Load, "flag", "")
        };
        let steps = [
            in_file(1, "labs/dekker-race/exercises/dekker.rs", 30),
            in_file(1, "labs/dekker-race/src/lib.rs", 70),
            in_file(2, "labs/dekker-race/exercises/dekker.rs", 32),
        ];
        let text = table_of(&steps, &LabInfo::DEFAULT, 2, None);
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert!(rows[0].ends_with("line 30"), "{text}");
        assert!(rows[1].ends_with("lib.rs:70"), "{text}");
        assert!(rows[2].ends_with("line 32"), "{text}");
    }

    /// A waiting primitive's step in the last of three columns is shown whole, running on to
    /// the right, and a cell named outside ASCII is no trouble.
    #[test]
    fn long_steps_are_shown_whole_and_names_may_be_any_text() {
        let steps = [
            step(1, Action::Store, "Lagerbestände", ""),
            step(3, Action::NotifyOne, "not_empty", " -> wakes t2"),
            step(2, Action::Wake, "not_empty", " without a notify (spurious)"),
        ];
        let text = table_of(&steps, &LabInfo::DEFAULT, 3, None);
        for whole in [
            "store Lagerbestände <- 1",
            "notify_one not_empty -> wakes t2",
            "wakes from not_empty without a notify (spurious)",
        ] {
            assert!(text.contains(whole), "{whole}: {text}");
        }
        let lines: Vec<&str> = text.lines().skip(1).collect();
        let at = |l: &str| l.find("line 7").map(|b| l[..b].chars().count());
        assert!(
            lines.iter().all(|l| at(l) == at(lines[0])),
            "the lines line up: {text}"
        );
    }

    /// Where the lab counts what breaks it right after a thread sees it (`add torn <- 1`), the
    /// step that breaks it is that thread's step before the count: not the last write.
    #[test]
    fn the_step_a_lab_counts_as_breaking_it_is_the_one_before_its_count() {
        let steps = [
            step(1, Action::Store, "first", ""),
            step(2, Action::Load, "first", ""),
            step(2, Action::Load, "second", ""),
            step(2, Action::Add, "torn", ""),
            step(1, Action::Store, "second", ""),
        ];
        let state: State = [("torn reads".to_string(), 1)].into_iter().collect();
        let counted = LabInfo {
            witnesses: &[("torn reads", "torn")],
            ..LabInfo::DEFAULT
        };
        assert_eq!(breaking(&steps, &state, &counted), Some(2));
        assert_eq!(breaking(&steps, &state, &LabInfo::DEFAULT), Some(4));
        let whole: State = [("torn reads".to_string(), 0)].into_iter().collect();
        assert_eq!(
            breaking(&steps, &whole, &counted),
            Some(4),
            "nothing counted"
        );
        // A count after a check of the lab's own (another file than the code shown): the
        // thread's step before the check breaks it.
        let in_file = |mut step: Step, file: &'static str| {
            step.file = file.into();
            step
        };
        let steps = [
            in_file(step(1, Action::Acquire, "turnstile", ""), "barrier.rs"),
            in_file(step(2, Action::Store, "count", ""), "barrier.rs"),
            in_file(step(1, Action::Load, "arrivals", ""), "lib.rs"),
            in_file(step(1, Action::Add, "lapped", ""), "lib.rs"),
            in_file(step(2, Action::Store, "count", ""), "barrier.rs"),
        ];
        let state: State = [("left early".to_string(), 1)].into_iter().collect();
        let counted = LabInfo {
            witnesses: &[("left early", "lapped")],
            ..LabInfo::DEFAULT
        };
        assert_eq!(breaking(&steps, &state, &counted), Some(0));
    }

    /// A row with notes (`<- preempts t1`) keeps its line in the column of the others when every
    /// step still ends before that column; and no row runs past 80 columns.
    #[test]
    fn a_row_with_notes_keeps_its_line_in_the_column() {
        let mut steps = [
            step(1, Action::Load, "flag", ""),
            step(2, Action::Load, "flag", ""),
            step(3, Action::Store, "x", ""),
            step(1, Action::Blocked, "fork1", ": t2 holds it"),
        ];
        (steps[1].preempts, steps[1].stale) = (Some(1), true);
        let text = table_of(&steps, &LabInfo::DEFAULT, 3, None);
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("line 7")).collect();
        let at = |l: &str| l.find("line 7").map(|b| l[..b].chars().count());
        assert!(lines[1].contains("<- preempts t1, stale"), "{text}");
        assert!(
            lines.iter().all(|l| at(l) == at(lines[0])),
            "the lines line up: {text}"
        );
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }

    /// A step that would run past 80 columns in its thread's column starts at the left, named by
    /// its thread.
    #[test]
    fn a_step_too_long_for_its_column_starts_at_the_left() {
        let steps = [
            step(1, Action::Store, "count", ""),
            step(3, Action::Wake, "not_empty", " without a notify (spurious)"),
        ];
        let text = table_of(&steps, &LabInfo::DEFAULT, 3, None);
        assert!(
            text.contains("t3: wakes from not_empty without a notify (spurious)"),
            "{text}"
        );
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }

    /// Under weak memory the first stale read of a weaker ordering breaks it: a SeqCst read that
    /// loom lets go stale later (it treats SeqCst as AcqRel) is a consequence.
    #[test]
    fn the_stale_read_that_breaks_it_is_the_first_of_a_weak_ordering() {
        let stale = |target, ordering: Option<&'static str>| Step {
            stale: true,
            ordering: ordering.map(Into::into),
            ..step(2, Action::Load, target, "")
        };
        let steps = [
            step(1, Action::Store, "flag1", ""),
            stale("flag1", Some("Acquire")),
            stale("entries", None),
        ];
        let state: State = [("inside".to_string(), 2)].into_iter().collect();
        let info = &LabInfo::DEFAULT;
        assert_eq!(breaking(&steps, &state, info), Some(1));
        assert_eq!(
            breaking(&steps[..1], &state, info),
            Some(0),
            "no stale read: the last write"
        );
        assert_eq!(breaking(&[stale("x", None)], &state, info), Some(0));
    }
}
