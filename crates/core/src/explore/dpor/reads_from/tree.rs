//! The two trees of the reads-from exploration: the unfolding, which names an event the same in
//! every execution where it has the same past, and the decisions, one per read, whose siblings
//! are the other writes that read may read from.

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::rc::Rc;

/// An event of the unfolding: the same number in every execution where the event has the same
/// thread, the same event before it in its thread, and (a read) the same write it reads from.
pub(crate) type Node = u32;

/// Stands for a cell's initial value where a node of a write is expected.
pub(crate) const INIT: Node = 0;
/// The node before a thread's first event.
pub(crate) const START: Node = 1;

/// Numbers events by their past.
#[derive(Debug, Default)]
pub(crate) struct Unfolding {
    nodes: FxHashMap<(u32, Node, Node), Node>,
}

impl Unfolding {
    /// The event of `thread` after `before` in that thread that reads from `source` (any
    /// fixed node, [`INIT`] for none or the initial value).
    pub fn node(&mut self, thread: usize, before: Node, source: Node) -> Node {
        let next = self.nodes.len() as Node + 2;
        *self
            .nodes
            .entry((thread as u32, before, source))
            .or_insert(next)
    }
}

/// A decision: which write the read at this depth (the `depth`-th read whose source is chosen
/// on the way here) reads from.
#[derive(Debug, Default)]
pub(crate) struct Decision {
    pub depth: usize,
    pub parent: Option<Rc<Decision>>,
    /// What the children of this decision have taken: each child's read as it reads there
    /// (no two siblings explore the same).
    taken: RefCell<FxHashSet<Node>>,
}

impl Decision {
    /// The root: nothing decided.
    pub fn root() -> Rc<Decision> {
        Rc::new(Decision::default())
    }

    /// A decision below `parent`, the one taking `choice`.
    pub fn child(parent: &Rc<Decision>, choice: Node) -> Rc<Decision> {
        parent.taken.borrow_mut().insert(choice);
        Rc::new(Decision {
            depth: parent.depth + 1,
            parent: Some(parent.clone()),
            taken: RefCell::default(),
        })
    }

    /// Takes `choice` for a sibling of this decision, unless this one or a sibling took it.
    pub fn try_take(&self, choice: Node) -> bool {
        let parent = self.parent.as_ref().expect("a decision below the root");
        parent.taken.borrow_mut().insert(choice)
    }

    /// A sibling of this decision (its choice already taken).
    pub fn sibling(&self) -> Rc<Decision> {
        Rc::new(Decision {
            depth: self.depth,
            parent: self.parent.clone(),
            taken: RefCell::default(),
        })
    }

    /// This decision's ancestor (or itself) at `depth`.
    pub fn at(self: &Rc<Decision>, depth: usize) -> Rc<Decision> {
        let mut node = self.clone();
        while node.depth > depth {
            node = node.parent.clone().expect("a parent above");
        }
        node
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_named_by_its_thread_its_past_and_its_write() {
        let mut unfolding = Unfolding::default();
        let a = unfolding.node(1, START, INIT);
        assert_eq!(
            unfolding.node(1, START, INIT),
            a,
            "the same past: the same event"
        );
        assert_ne!(unfolding.node(2, START, INIT), a, "another thread");
        assert_ne!(unfolding.node(1, START, a), a, "another write read");
        assert!(
            a > START,
            "no event is named as the initial value or the start"
        );
    }

    #[test]
    fn siblings_take_each_choice_once() {
        let root = Decision::root();
        let first = Decision::child(&root, 7);
        assert_eq!(first.depth, 1);
        assert!(!first.try_take(7), "the first decision took its own read");
        assert!(first.try_take(8));
        assert!(
            !first.sibling().try_take(8),
            "a sibling sees what the others took"
        );
        let below = Decision::child(&first, 9);
        assert_eq!(below.at(1).depth, 1);
        assert!(Rc::ptr_eq(&below.at(1), &first));
        assert!(below.try_take(7), "another decision's children take apart");
    }
}
