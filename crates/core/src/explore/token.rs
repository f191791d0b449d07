//! Replay tokens: the lab, variant, params and shuttle schedule of one execution, in one word.
//!
//! Format: `v1:<lab>:<variant>:<name>=<value>,...:<schedule>`, where the schedule lists which
//! task ran at each scheduling point (`sc1:` instead of `v1:` for a schedule of racelab's SC
//! checker, which replays under that checker's rules: a spinning thread waits, and the run
//! ends where every thread waits), run-length encoded with letters (`a` = main, `b` = thread 1,
//! ...): `a3b2c` is main three times, thread 1 twice, thread 2 once. No shell-special characters.

use crate::{Error, Params};
use std::collections::BTreeMap;

/// A decoded token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The lab id.
    pub lab: String,
    /// The variant.
    pub variant: String,
    /// The params of the run.
    pub params: Params,
    /// The task chosen at each scheduling point.
    pub choices: Vec<usize>,
    /// A schedule of racelab's SC checker (`sc1:`), not of a shuttle scheduler (`v1:`).
    pub sc: bool,
}

/// The most tasks a schedule can name (one letter each).
const MAX_TASKS: usize = 26;

/// Encodes a schedule of a shuttle scheduler.
pub fn encode(lab: &str, variant: &str, params: &Params, choices: &[usize]) -> Option<String> {
    encode_as("v1", lab, variant, params, choices)
}

/// Encodes a schedule of racelab's SC checker.
pub fn encode_sc(lab: &str, variant: &str, params: &Params, choices: &[usize]) -> Option<String> {
    encode_as("sc1", lab, variant, params, choices)
}

fn encode_as(
    version: &str,
    lab: &str,
    variant: &str,
    params: &Params,
    choices: &[usize],
) -> Option<String> {
    let mut schedule = String::new();
    let mut rest = choices;
    while let Some(&task) = rest.first() {
        if task >= MAX_TASKS {
            return None;
        }
        let run = rest.iter().take_while(|&&t| t == task).count();
        schedule.push((b'a' + task as u8) as char);
        if run > 1 {
            schedule.push_str(&run.to_string());
        }
        rest = &rest[run..];
    }
    let mut values = vec![
        format!("threads={}", params.threads),
        format!("iters={}", params.iters),
    ];
    values.extend(params.extra.iter().map(|(k, v)| format!("{k}={v}")));
    Some(format!(
        "{version}:{lab}:{variant}:{}:{schedule}",
        values.join(",")
    ))
}

/// Decodes a token, or says what is wrong with it.
pub fn decode(token: &str) -> Result<Token, Error> {
    let malformed = |why: &str| {
        Error::BadInput(format!(
            "malformed replay token ({why}): pass the token exactly as `racelab explore` printed it \
             (sc1:<lab>:<variant>:<params>:<schedule> from the SC checker, v1:... from shuttle)"
        ))
    };
    let parts: Vec<&str> = token.trim().split(':').collect();
    let [version, lab, variant, params, schedule] = parts[..] else {
        return Err(malformed("expected five ':'-separated parts"));
    };
    if version != "v1" && version != "sc1" {
        return Err(malformed("unknown version"));
    }
    let mut values = BTreeMap::new();
    for pair in params.split(',') {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| malformed("bad params"))?;
        let value: i64 = value.parse().map_err(|_| malformed("bad params"))?;
        values.insert(name.to_string(), value);
    }
    let mut take = |name: &str| {
        values
            .remove(name)
            .ok_or_else(|| malformed("no threads/iters"))
    };
    let threads = usize::try_from(take("threads")?).map_err(|_| malformed("bad threads"))?;
    let iters = u64::try_from(take("iters")?).map_err(|_| malformed("bad iters"))?;
    Ok(Token {
        lab: lab.to_string(),
        variant: variant.to_string(),
        params: Params {
            threads,
            iters,
            extra: values,
        },
        choices: decode_schedule(schedule).ok_or_else(|| malformed("bad schedule"))?,
        sc: version == "sc1",
    })
}

fn decode_schedule(schedule: &str) -> Option<Vec<usize>> {
    let mut choices = Vec::new();
    let mut chars = schedule.chars().peekable();
    while let Some(letter) = chars.next() {
        if !letter.is_ascii_lowercase() {
            return None;
        }
        let mut digits = String::new();
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            digits.push(d);
        }
        let run: usize = if digits.is_empty() {
            1
        } else {
            digits.parse().ok()?
        };
        if run == 0 || choices.len() + run > 10_000_000 {
            return None;
        }
        choices.extend(std::iter::repeat_n((letter as u8 - b'a') as usize, run));
    }
    (!choices.is_empty()).then_some(choices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips() {
        let params = Params {
            threads: 2,
            iters: 3,
            extra: [("balance".to_string(), 100)].into(),
        };
        let choices = vec![0, 0, 0, 1, 1, 2, 0, 12];
        let token = encode("bank", "lock-write-only", &params, &choices).unwrap();
        assert_eq!(
            token,
            "v1:bank:lock-write-only:threads=2,iters=3,balance=100:a3b2cam"
        );
        let back = decode(&token).unwrap();
        assert_eq!(
            (&back.params, &back.choices, back.sc),
            (&params, &choices, false)
        );
        let sc = encode_sc("bank", "mutex", &params, &choices).unwrap();
        assert!(sc.starts_with("sc1:bank:mutex:") && decode(&sc).unwrap().sc);
    }

    #[test]
    fn malformed_tokens_are_rejected_not_panicked_on() {
        for bad in [
            "",
            "v1",
            "v2:a:b:threads=1,iters=1:a",
            "v1:a:b:threads=x:a",
            "v1:a:b:threads=1,iters=1:",
            "v1:a:b:threads=1,iters=1:A",
            "v1:a:b:threads=1,iters=1:a0",
        ] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
