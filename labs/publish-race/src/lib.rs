//! The publish lab (message passing): thread 1 writes the data, then raises a flag; thread 2
//! waits for the flag, then reads the data. With Relaxed orderings it can see the flag and still
//! read the old data. The variants are in [`variants`]; the README tells the story.
#![deny(missing_docs)]

mod exercise;
pub mod variants;

use racelab_core::{Cell, Lab, Params, Runtime, Sizes, State, Window};

racelab_core::lab! {
    /// The publish lab.
    pub struct PublishLab(Message) {
        id: "publish",
        title: "a flag raised after the data can be seen before the data",
        iteration: "tries",
        model_sizes: Sizes::new(2, 2),
        real_sizes: Sizes::new(2, 100_000),
        real_trials: 2_000,
        real_window: Window::None,
    }
    variants {
        "relaxed": Racy => variants::relaxed, "data and flag Relaxed: the reader can see the flag and still read the old data";
        "release-acquire": Fix => variants::release_acquire, "the flag stored with Release and loaded with Acquire: the data written before it is seen after it";
        "seqcst": Fix => variants::seqcst, "every access SeqCst: one order of all of them that both threads agree on";
    }
}

/// What the threads share: the data and the flag that says it is ready.
#[derive(Debug)]
pub struct Message<R: Runtime> {
    /// The data the writer publishes.
    pub data: Cell<R>,
    /// 1 once the data is ready.
    pub flag: Cell<R>,
}

/// What the writer publishes.
pub const DATA: i64 = 42;
/// What the reader hands over when it never saw the flag.
pub const NOT_READ: i64 = -1;

/// The observed keys of the data and the flag at the end (only where they are not the message).
const DATA_LEFT: &str = "data at the end";
/// See [`DATA_LEFT`].
const FLAG_LEFT: &str = "flag at the end";

impl Lab for PublishLab {
    fn check_params(&self, params: &Params) -> Result<(), String> {
        match params.threads {
            2 => Ok(()),
            n => Err(format!(
                "--threads {n}: the publish lab has exactly 2 threads, a writer and a reader"
            )),
        }
    }

    fn setup<R: Runtime>(&self, _params: &Params) -> Message<R> {
        Message {
            data: Cell::new("data", 0),
            flag: Cell::new("flag", 0),
        }
    }

    /// The reader (thread 2) hands over the data it read, or [`NOT_READ`]. What the writer left
    /// in the data and the flag is a column only where it is not the message, so that a correct
    /// solution's table has none.
    fn observe<R: Runtime>(&self, message: &Message<R>, results: &[i64]) -> State {
        let read = results.get(1).copied().unwrap_or(NOT_READ);
        let mut state = State::from([
            ("flag seen".to_string(), i64::from(read != NOT_READ)),
            ("data read".to_string(), read),
        ]);
        for (key, cell, published) in [
            (DATA_LEFT, &message.data, DATA),
            (FLAG_LEFT, &message.flag, 1),
        ] {
            if cell.peek() != published {
                state.insert(key.to_string(), cell.peek());
            }
        }
        state
    }

    fn violations(&self, _params: &Params, state: &State) -> Vec<String> {
        let mut broken = Vec::new();
        // A writer that publishes nothing can never be read stale: the message must be out.
        for (key, what, published) in [(DATA_LEFT, "data", DATA), (FLAG_LEFT, "flag", 1)] {
            if let Some(left) = state.get(key) {
                broken.push(format!(
                    "the writer left the {what} at {left}, not {published}"
                ));
            }
        }
        if state["flag seen"] == 1 && state["data read"] != DATA {
            broken.push("flag seen, data stale".into());
        }
        broken
    }
}
