//! racelab-labs: every lab racelab knows, in one list that the CLI, the grader, the bench and
//! the tests iterate, and the worker that explores a lab in a child process.
#![deny(missing_docs)]

pub mod sandbox;
pub mod worker;

use racelab_core::{AnyLab, Error};

/// Every registered lab, in the order `racelab list` shows them. Adding a lab is one line here
/// and one in this crate's Cargo.toml (`racelab new` writes both).
pub static LABS: &[&dyn AnyLab] = &[
    &counter_race::CounterLab,
    &bank_race::BankLab,
    &transfer_race::TransferLab,
    &async_bank_race::AsyncBankLab,
    &pool_race::PoolLab,
    &processes_race::ProcessesLab,
    &publish_race::PublishLab,
    &dekker_race::DekkerLab,
    &bounded_buffer_race::BoundedBufferLab,
    &philosophers_race::PhilosophersLab,
    &readers_writers_race::ReadersWritersLab,
    &barrier_race::BarrierLab,
    &locks_by_hand_race::LocksByHandLab,
];

/// Every registered lab.
pub fn all() -> impl Iterator<Item = &'static dyn AnyLab> {
    LABS.iter().copied()
}

/// The lab called `id`, or the one message that names the valid ones.
pub fn find(id: &str) -> Result<&'static dyn AnyLab, Error> {
    all()
        .find(|lab| lab.info().id == id)
        .ok_or_else(|| Error::UnknownLab {
            lab: id.to_string(),
            known: all()
                .map(|lab| lab.info().id)
                .collect::<Vec<_>>()
                .join(", "),
        })
}
