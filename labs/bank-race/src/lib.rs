//! The bank lab: threads withdraw from one account; each checks the balance, sees enough, and
//! withdraws. Check-then-act: the check is stale by the time the act runs.
//!
//! The variants are in [`variants`], written once for every backend; the state, params and
//! invariants are in [`BankLab`]. The README (shown by `racelab explain bank`) tells the story.
#![deny(missing_docs)]

pub mod variants;

use racelab_core::{Cell, Ctx, Lab, Lock, ParamSpec, Params, Runtime, State};

/// What the threads share: the account's balance and its lock. Each thread keeps what it was
/// paid in its own wallet and hands it over after join, so the payout record cannot race.
#[derive(Debug)]
pub struct Account<R: Runtime> {
    /// The balance (signed, so an overdraft shows).
    pub balance: Cell<R>,
    /// The lock of the `lock-write-only` and `mutex` variants.
    pub lock: Lock<R>,
    /// A spare cell (0 or 1) for a lock made by hand in the exercises; the variants leave it.
    pub flag: Cell<R>,
    /// What each withdrawal takes.
    pub amount: i64,
}

/// One thread's withdrawals: `withdraw` runs `iters` times; returns what this thread was paid.
pub fn withdrawals<R: Runtime>(
    account: &Account<R>,
    cx: &Ctx,
    withdraw: impl Fn(&Account<R>, &Ctx) -> bool,
) -> i64 {
    let mut wallet = 0;
    for _ in 0..cx.iters() {
        if withdraw(account, cx) {
            wallet += account.amount;
        }
    }
    wallet
}

/// The bank lab with an exercise file's `withdraw` as its one variant (`student`).
///
/// `student_lab!(student)` where `student` is a module with
/// `pub fn withdraw<R: Runtime>(account: &Account<R>, cx: &Ctx) -> bool`.
#[macro_export]
macro_rules! student_lab {
    ($module:ident) => {
        racelab_core::graded!($crate::BankLab, |account, cx| {
            $crate::withdrawals(account, cx, $module::withdraw)
        })
    };
}

/// The bank's parameters (the async-bank lab shares them).
pub static PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "balance",
        help: "The account's opening balance",
        default: 100,
        min: 0,
        max: MAX_MONEY,
    },
    ParamSpec {
        name: "amount",
        help: "What each withdrawal takes",
        default: 80,
        min: 1,
        max: MAX_MONEY,
    },
];

/// The largest balance or amount accepted.
const MAX_MONEY: i64 = 1_000_000_000_000;

racelab_core::lab! {
    /// The bank lab.
    pub struct BankLab(Account) {
        id: "bank",
        title: "two withdrawals check the balance at once and overdraw it",
        iteration: "withdrawals",
        params: PARAMS,
        real_trials: 2_000,
        iters_alias: Some("withdrawals"),
    }
    variants(withdrawals) {
        "racy": Racy => variants::racy, "check the balance, then load it, then store it minus the amount";
        "lock-write-only": WrongFix => variants::lock_write_only, "the update is locked but the check is not: still overdraws";
        "mutex": Fix => variants::mutex, "check and update under one lock";
        "cas": Fix => variants::cas, "a compare-exchange loop that re-checks the balance on every retry";
    }
}

impl Lab for BankLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        let most_paid = params.get("amount").checked_mul(params.total_iters());
        let lowest = most_paid.and_then(|paid| params.get("balance").checked_sub(paid));
        match lowest {
            Some(_) => Ok(()),
            None => Err(format!(
                "--amount {} x {} threads x {} withdrawals would overflow the balance: use smaller values",
                params.get("amount"),
                params.threads,
                params.iters
            )),
        }
    }

    fn setup<R: Runtime>(&self, params: &Params) -> Account<R> {
        Account {
            balance: Cell::new("balance", params.get("balance")),
            lock: Lock::new("account"),
            flag: Cell::new("flag", 0),
            amount: params.get("amount"),
        }
    }

    fn observe<R: Runtime>(&self, account: &Account<R>, wallets: &[i64]) -> State {
        State::from([
            ("balance".to_string(), account.balance.peek()),
            ("paid".to_string(), wallets.iter().sum()),
        ])
    }

    /// Every variant's threads run the same withdrawals, and `observe` adds their wallets up.
    fn symmetric(&self, _variant: usize) -> bool {
        true
    }

    fn violations(&self, params: &Params, state: &State) -> Vec<String> {
        let (opening, amount) = (params.get("balance"), params.get("amount"));
        let (balance, paid) = (state["balance"], state["paid"]);
        let mut broken = Vec::new();
        if balance < 0 {
            broken.push("overdraft".to_string());
        }
        if balance + paid != opening {
            broken.push("money created".to_string());
        }
        let (succeeded, allowed) = (paid / amount, opening / amount);
        if succeeded > allowed {
            broken.push(if (succeeded, allowed) == (2, 1) {
                "double withdrawal".to_string()
            } else {
                format!("{succeeded} withdrawals where {allowed} fit")
            });
        }
        // A withdrawal is refused only when the balance no longer covers it, so every run pays
        // out exactly the withdrawals that fit, or all of them: a `withdraw` that refuses what
        // the balance covers (say, one that always returns false) is caught, not verified.
        let covered = allowed.min(params.total_iters());
        match covered - succeeded {
            ..=0 => {}
            1 => broken.push("a withdrawal the balance covered was refused".to_string()),
            refused => broken.push(format!(
                "{refused} withdrawals the balance covered were refused"
            )),
        }
        broken
    }
}
