//! What the player reads: each thread's next step, the shared state, the timeline so far, each
//! move's steps, and the end of the game. Plain text, 80 columns, coloured through `style`.

use super::game::Game;
use crate::render::timeline::{describe, table_of};
use crate::style;
use racelab_core::explore::dpor::play::{Ending, Holds, Next, Position};
use racelab_core::trace::{Action, Step};
use racelab_core::{Caveat, LabInfo};
use std::fmt::Write;

/// `racelab play bank (racy): 2 threads x 1 withdrawals`.
pub fn title(game: &Game) -> String {
    format!(
        "racelab play {} ({}): {} {} x {}",
        game.info.id,
        game.variant,
        game.params.threads,
        game.info.worker_unit(),
        crate::words::count(game.params.iters, game.info.iteration)
    )
}

/// The goal, in a line (two where the lab's title is long: 80 columns).
pub fn goal(game: &Game) -> String {
    wrap(&format!("goal: make the bug happen: {}", game.info.title))
}

/// The text of line `line` of `file`, when it is the lab's variants (the code `explain` shows).
fn source_line(info: &LabInfo, file: &str, line: u32) -> Option<String> {
    let variants = format!("{}/src/variants.rs", info.crate_name);
    if line == 0 || !file.ends_with(&variants) {
        return None;
    }
    let text = info.variants_source.lines().nth(line as usize - 1)?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Each thread's next step (or why it cannot move) with its line of code, then the shared
/// cells and locks that the variant uses.
pub fn standing(position: &Position, game: &Game) -> String {
    let info = game.info;
    let mut out = String::new();
    let who = info.worker_one().chars().next().unwrap_or('t');
    for (thread, next) in &position.threads {
        let line = match next {
            Next::Step {
                word,
                target,
                line,
                file,
                ..
            } => {
                let what = match (*word, target.is_empty()) {
                    ("start", _) => "start".to_string(),
                    ("await", _) => "resume after its await".to_string(),
                    (word, true) => word.to_string(),
                    (word, false) => format!("{word} {target}"),
                };
                let head = format!("next: {what}");
                match source_line(info, file, *line) {
                    Some(code) => {
                        // `  t1 next: load balance   11 | if balance < amount {`, in 80 columns.
                        let room = 80usize.saturating_sub(head.len() + 16);
                        let code = if code.chars().count() > room {
                            code.chars()
                                .take(room.saturating_sub(1))
                                .collect::<String>()
                                + "…"
                        } else {
                            code
                        };
                        format!(
                            "next: {}   {}",
                            style::heading(&what),
                            style::dim(&format!("{line:>3} | {code}"))
                        )
                    }
                    None => format!("next: {}{}", style::heading(&what), at(*line)),
                }
            }
            Next::WaitsForLock { lock, holder, line } => format!(
                "{}{}",
                style::verdict(&format!(
                    "blocked: waits for lock {lock}, held by t{holder}"
                )),
                at(*line)
            ),
            Next::Spins { reads, line } => format!(
                "{}{}",
                style::verdict(&format!(
                    "waits: keeps reading {reads} until another thread changes {}",
                    if reads.contains(" and ") { "one" } else { "it" }
                )),
                at(*line)
            ),
            Next::Waits { why, line } => {
                format!(
                    "{}{}",
                    style::verdict(&format!("blocked: {why}")),
                    at(*line)
                )
            }
            Next::Finished => style::dim("finished").to_string(),
        };
        let _ = writeln!(out, "{}", indented(&format!("  {who}{thread} {line}")));
    }
    let touched: Vec<&str> = position.steps.iter().map(|s| &*s.target).collect();
    let shared: Vec<String> = (position.shared.iter())
        .filter(|s| game.used.contains(&s.name) || touched.contains(&s.name.as_str()))
        .map(|s| match s.is {
            Holds::Value(v) => format!("{} = {v}", s.name),
            Holds::Lock(Some(t)) => format!("lock {} held by {who}{t}", s.name),
            Holds::Lock(None) => format!("lock {} free", s.name),
        })
        .collect();
    if !shared.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            indented(&format!("  shared: {}", shared.join(", ")))
        );
    }
    out
}

/// ` (line 20)`, or nothing when the line is unknown.
fn at(line: u32) -> String {
    if line == 0 {
        String::new()
    } else {
        style::dim(&format!(" (line {line})")).to_string()
    }
}

/// The timeline so far, a column per thread.
pub fn timeline(steps: &[Step], game: &Game) -> String {
    if steps.is_empty() {
        return format!("  {}\n", style::dim("(no step yet)"));
    }
    table_of(steps, game.info, game.params.threads, None)
}

/// One line for a move: what it ran (`steps`), or, when it ran nothing the timeline shows (a
/// wait giving its lock back), what it was about to do (`about`).
pub fn move_line(
    number: usize,
    thread: usize,
    steps: &[Step],
    about: Option<String>,
    preempted: Option<usize>,
) -> String {
    let done: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{}{}",
                describe(s),
                style::dim(&format!(" (line {})", s.line))
            )
        })
        .collect();
    let what = if done.is_empty() {
        about.unwrap_or_else(|| style::dim("(no visible step)").to_string())
    } else {
        done.join(", ")
    };
    let mut line = format!("move {number}: t{thread} {what}");
    if let Some(from) = preempted {
        let _ = write!(line, "  {}", style::dim(&format!("<- preempts t{from}")));
    }
    textwrap::fill(&line, textwrap::Options::new(80).subsequent_indent("    "))
}

/// The end of a stuck game: who waits for what.
pub fn stuck_line(stuck: &[Step]) -> String {
    let waits: Vec<String> = stuck
        .iter()
        .map(|s| match (s.action, s.value) {
            (Action::Deadlock, Some(holder)) => {
                format!(
                    "t{} waits for lock {}, held by t{holder}",
                    s.thread, s.target
                )
            }
            (Action::Blocked, _) => format!("t{} {}", s.thread, describe(s)),
            _ => format!(
                "t{} keeps reading {} = {}{} and waits for a change",
                s.thread,
                s.target,
                s.value.unwrap_or_default(),
                s.note.as_deref().unwrap_or_default()
            ),
        })
        .collect();
    let all_locks = (stuck.iter()).all(|s| matches!(s.action, Action::Deadlock | Action::Blocked));
    let word = if all_locks { "deadlock" } else { "stuck" };
    wrap(&format!("{}: {}", style::verdict(word), waits.join("; ")))
}

/// A line of the standing, wrapped to 80 columns with its continuation indented.
fn indented(line: &str) -> String {
    textwrap::fill(line, textwrap::Options::new(80).subsequent_indent("      "))
}

/// `text` wrapped to the 80 columns of a terminal (colour codes do not count).
pub fn wrap(text: &str) -> String {
    textwrap::fill(text, 80)
}

/// The end of the game: the whole timeline, the verdict, and what the checker knows.
pub fn ending(ending: &Ending, game: &mut Game) -> String {
    let verdict = racelab_core::verdict_of(&ending.violations);
    let mut out = table_of(
        &ending.steps,
        game.info,
        game.params.threads,
        Some((&ending.state, &verdict)),
    );
    out.push('\n');
    out.push_str(&wrap(&verdict_words(ending, &verdict, game)));
    out.push('\n');
    if let (false, Some(token)) = (ending.violations.is_empty(), &ending.token) {
        let _ = writeln!(
            out,
            "replay it:\n  racelab replay {} --schedule {token}",
            game.info.id
        );
    }
    out
}

/// The verdict in sentences: how the player broke it, or that it held and what the checker
/// says of every other interleaving.
fn verdict_words(ending: &Ending, verdict: &str, game: &mut Game) -> String {
    let state: Vec<String> = ending
        .state
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let checked = game.checked();
    if !ending.violations.is_empty() {
        let mut words = format!(
            "{} {verdict}, {}, in {} with {}.",
            style::verdict("You broke it:"),
            state.join(", "),
            plural(
                (ending.steps.iter())
                    .filter(|s| {
                        !matches!(s.action, Action::Deadlock | Action::Spin | Action::Blocked)
                    })
                    .count(),
                "step"
            ),
            plural(ending.preemptions, "preemption")
        );
        if let Ok(Some(simplest)) = checked.map(|r| r.counterexample.as_ref()) {
            let _ = write!(words, " The simplest break needs {}.", simplest.preemptions);
        }
        return words;
    }
    let held = format!(
        "{} {}.",
        style::proven("The invariant held:"),
        state.join(", ")
    );
    let more = match checked {
        Ok(report) if matches!(report.caveat, Some(Caveat::CannotSee { .. })) => format!(
            "This game plays sequentially consistent interleavings only, and under them no \
             sequence breaks this variant. It uses {} orderings, which can break it on weak \
             memory: see racelab explore {} --variant {}.",
            report.weak_orderings.join(", "),
            game.info.id,
            game.variant
        ),
        Ok(report) if report.violations > 0 => format!(
            "But {} of the {} distinct interleavings (classes of equivalent ones: {}) break it{}: \
             try again (r restarts).",
            report.violations,
            report.executions,
            crate::commands::explain::CLASSES,
            if report.exhaustive {
                ""
            } else {
                ", of those the checker explored"
            }
        ),
        Ok(report) if report.exhaustive => format!(
            "racelab's SC checker has proven it for every interleaving ({}): no sequence of \
             moves breaks this variant.",
            plural(report.executions as usize, "distinct interleaving")
        ),
        Ok(report) => format!(
            "No break in the {} interleavings the checker explored before its time limit (not \
             all of them).",
            report.executions
        ),
        Err(error) => format!("(the checker could not judge the variant: {error})"),
    };
    format!("{held} {more}")
}

/// The keys, for the status line.
pub fn keys(game: &Game) -> String {
    format!(
        "1-{} run that {}'s next step   u undo   r restart   h hint   ? help   q quit",
        game.params.threads,
        game.info.worker_one()
    )
}

/// `text` cut to `rows` lines of a terminal, keeping its head (the title and the goal, up to the
/// first empty line) and its end (the verdict and the keys): the lines in between that do not
/// fit are left out, and one line says how many.
pub fn fit(text: &str, rows: usize) -> String {
    let lines: Vec<&str> = text.trim_end_matches('\n').lines().collect();
    let room = rows.saturating_sub(1);
    let head = lines
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(1)
        .min(3);
    if lines.len() <= room || room < head + 3 {
        return text.to_string();
    }
    let tail = room - head - 1;
    let hidden = lines.len() - head - tail;
    let mut out: Vec<String> = lines[..head].iter().map(|l| l.to_string()).collect();
    out.push(
        style::dim(&format!(
            "  ({hidden} lines hidden here: a taller terminal shows them)"
        ))
        .to_string(),
    );
    out.extend(lines[lines.len() - tail..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

/// The help screen.
pub fn help(game: &Game) -> String {
    let one = game.info.worker_one();
    let mut about = format!(
        "You are the scheduler. Each move runs one {one}'s next step (a load, store, lock, \
         ...): press its number. Win by making the bug happen: {}.",
        game.info.title
    );
    if one == "task" {
        about.push_str(
            " Tasks share one OS thread: a task runs until its next await, so a move runs it \
             that far.",
        );
    } else {
        about.push_str(&format!(
            " A {one} that waits says what for. After a notify_one with several waiting, move \
             the one you want woken; one nobody notified may wake anyway, once a game."
        ));
    }
    format!(
        "{}\n\n  1-{n}  run that {one}'s next step (refused, with the reason, if it cannot)\n\
         \x20 u    undo the last move\n\
         \x20 r    restart\n\
         \x20 h    hint: the next move of the simplest break from here\n\
         \x20 ?    this help\n\
         \x20 q    quit (Ctrl-C too)\n",
        wrap(&about),
        n = game.params.threads,
    )
}

#[cfg(test)]
mod tests {
    use super::fit;

    /// Threads left waiting on primitives end the game as a deadlock, each with its own words.
    #[test]
    fn threads_left_waiting_on_primitives_are_a_deadlock_each_in_its_words() {
        use racelab_core::trace::{Action, Step};
        let blocked = |thread| Step {
            thread,
            action: Action::Blocked,
            target: "not_empty".into(),
            value: None,
            stale: false,
            ordering: None,
            file: "".into(),
            line: 9,
            preempts: None,
            note: Some(": no thread is left to notify it".into()),
        };
        let line = super::stuck_line(&[blocked(2), blocked(3)]);
        assert!(line.starts_with("deadlock: t2 "), "{line}");
        assert!(line.contains("; t3 "), "{line}");
        assert_eq!(
            line.matches("no thread is left to notify it").count(),
            2,
            "{line}"
        );
    }

    #[test]
    fn a_long_screen_keeps_its_title_and_its_end_on_a_small_terminal() {
        let text: String = ["title\n", "goal, wrapped\n", "on two lines\n", "\n"]
            .into_iter()
            .map(String::from)
            .chain((1..=40).map(|i| format!("line {i}\n")))
            .collect();
        let fitted = fit(&text, 24);
        let lines: Vec<&str> = fitted.lines().collect();
        assert!(lines.len() < 24, "{fitted}");
        assert_eq!(&lines[..3], ["title", "goal, wrapped", "on two lines"]);
        assert_eq!(lines.last(), Some(&"line 40"));
        assert!(fitted.contains("lines hidden here"));
        assert_eq!(fit("a\nb\n", 24), "a\nb\n", "what fits is left alone");
    }
}
