//! The grading sandbox: what a class's grader does to itself before it runs a submission.
//!
//! A submission is code nobody has read. Before the grader runs it, the grader lowers its own
//! resource limits (address space, CPU time, file size, no core dumps) and, on Linux, restricts
//! itself with Landlock: it may read and write only its scratch folder, execute nothing, make no
//! TCP connections and signal no process outside itself. Both hold for every thread and child
//! the submission could start, and neither can be undone.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The limits a submission runs under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The only folder it may touch; its working directory.
    pub scratch: PathBuf,
    /// Its address space, in MiB (an allocation beyond it fails).
    pub memory_mib: u64,
    /// Its CPU time, in seconds (the kernel kills it beyond).
    pub cpu_seconds: u64,
    /// Whether to restrict it with Landlock (off only to compare, or where Landlock misbehaves).
    pub landlock: bool,
}

/// The largest file a submission may write, in bytes.
const FILE_SIZE: u64 = 16 << 20;

/// How far the sandbox holds, once entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confinement {
    /// Resource limits, and Landlock with every restriction asked for.
    Landlock,
    /// Resource limits, and Landlock without some restrictions this kernel lacks.
    PartialLandlock,
    /// Resource limits only: this kernel has no Landlock, or it was turned off.
    LimitsOnly,
}

impl Confinement {
    /// In words, for the gradebook.
    pub fn describe(self) -> &'static str {
        match self {
            Confinement::Landlock => {
                "Landlock: each submission may write only its own scratch folder, read nothing \
                 else, run no program and open no TCP connection"
            }
            Confinement::PartialLandlock => {
                "Landlock, partly (this kernel lacks some of its restrictions): each submission \
                 is kept out of every folder but its scratch folder as far as the kernel can"
            }
            Confinement::LimitsOnly => {
                "NOT confined to its scratch folder (no Landlock on this kernel, or turned off): \
                 a submission can read and write whatever racelab can; grade untrusted files \
                 inside a container"
            }
        }
    }
}

/// Lowers this process's limits and restricts it as `limits` say; from here on, for good.
pub fn enter(limits: &Limits) -> Result<Confinement, String> {
    std::env::set_current_dir(&limits.scratch)
        .map_err(|e| format!("cannot enter {}: {e}", limits.scratch.display()))?;
    lower_limits(limits)?;
    if limits.landlock {
        restrict(limits)
    } else {
        Ok(Confinement::LimitsOnly)
    }
}

#[cfg(target_os = "linux")]
fn lower_limits(limits: &Limits) -> Result<(), String> {
    use rlimit::Resource;
    // Dies with the grader that started it (a teacher's Ctrl-C), whatever it is doing.
    nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL)
        .map_err(|e| format!("cannot tie this process to its parent: {e}"))?;
    let set = |resource: Resource, value: u64| {
        resource
            .set(value, value)
            .map_err(|e| format!("cannot set {}: {e}", resource.as_name()))
    };
    set(Resource::AS, limits.memory_mib.saturating_mul(1 << 20))?;
    set(Resource::CPU, limits.cpu_seconds)?;
    set(Resource::FSIZE, FILE_SIZE)?;
    set(Resource::CORE, 0)
}

#[cfg(not(target_os = "linux"))]
fn lower_limits(_: &Limits) -> Result<(), String> {
    Err("grading a class needs Linux (resource limits and Landlock)".into())
}

#[cfg(target_os = "linux")]
fn restrict(limits: &Limits) -> Result<Confinement, String> {
    use landlock::{
        path_beneath_rules, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetCreatedAttr,
        RulesetStatus, Scope, ABI,
    };
    let abi = ABI::V6;
    let failed = |e: landlock::RulesetError| format!("cannot restrict the grader: {e}");
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))
        .and_then(|r| r.handle_access(AccessNet::from_all(abi)))
        .and_then(|r| r.scope(Scope::from_all(abi)))
        .and_then(|r| r.create())
        .and_then(|r| {
            r.add_rules(path_beneath_rules(
                [&limits.scratch],
                AccessFs::from_all(abi) & !AccessFs::Execute,
            ))
        })
        .and_then(|r| r.restrict_self())
        .map_err(failed)?;
    Ok(match status.ruleset {
        RulesetStatus::FullyEnforced => Confinement::Landlock,
        RulesetStatus::PartiallyEnforced => Confinement::PartialLandlock,
        RulesetStatus::NotEnforced => Confinement::LimitsOnly,
    })
}

#[cfg(not(target_os = "linux"))]
fn restrict(_: &Limits) -> Result<Confinement, String> {
    Ok(Confinement::LimitsOnly)
}
