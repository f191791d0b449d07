//! Wakeup trees (the Optimal DPOR paper's Section 6): at each point of the exploration, the
//! ordered sequences of steps still to explore from there, one per reversed race.

use super::event::{child, Op, Tid};

/// One step of a wakeup sequence: a thread and what it does.
pub(crate) type Move = (Tid, Op);

/// Whether `a` must stay before `b` within a sequence (same thread, dependent, or a spawn or
/// join between them).
fn ordered(a: Move, b: Move) -> bool {
    a.0 == b.0 || a.1.dependent(b.1) || a.1 == Op::Spawn(child(b.0)) || b.1 == Op::Join(child(a.0))
}

/// Whether thread `p`, whose next step is `next`, is a weak initial of `v`: it can go first in
/// an execution that is equivalent to one starting with `v`. `Some(Some(k))` when `p`'s first
/// step in `v` is `v[k]` and nothing in `v` must precede it; `Some(None)` when `p` is not in
/// `v` and its next step commutes with all of `v`; `None` otherwise.
pub(crate) fn weak_initial(p: Tid, next: Op, v: &[Move]) -> Option<Option<usize>> {
    match v.iter().position(|m| m.0 == p) {
        Some(k) => (!v[..k].iter().any(|&m| ordered(m, v[k]))).then_some(Some(k)),
        None => (!v.iter().any(|&m| ordered((p, next), m))).then_some(None),
    }
}

/// A wakeup tree: ordered branches, each a step and the tree below it.
#[derive(Debug, Clone, Default)]
pub(crate) struct WakeupTree {
    pub children: Vec<Branch>,
}

/// A branch of a wakeup tree.
#[derive(Debug, Clone)]
pub(crate) struct Branch {
    pub step: Move,
    pub rest: WakeupTree,
}

impl Branch {
    /// A branch of one step.
    pub fn leaf(step: Move) -> Branch {
        Branch {
            step,
            rest: WakeupTree::default(),
        }
    }
}

impl WakeupTree {
    /// A tree of one sequence.
    pub fn chain(v: &[Move]) -> WakeupTree {
        let mut tree = WakeupTree::default();
        for &step in v.iter().rev() {
            tree = WakeupTree {
                children: vec![Branch { step, rest: tree }],
            };
        }
        tree
    }

    /// Inserts `v` (the paper's `insert[E](v, wut(E))`), unless an existing branch already
    /// leads to an equivalent execution.
    pub fn insert(&mut self, mut v: Vec<Move>) {
        let mut node = self;
        let mut at_root = true;
        loop {
            if !at_root && node.children.is_empty() {
                return;
            }
            let found = node
                .children
                .iter()
                .enumerate()
                .find_map(|(i, b)| weak_initial(b.step.0, b.step.1, &v).map(|k| (i, k)));
            let Some((i, k)) = found else {
                node.children.extend(WakeupTree::chain(&v).children);
                return;
            };
            if let Some(k) = k {
                v.remove(k);
            }
            if v.is_empty() {
                return;
            }
            node = &mut node.children[i].rest;
            at_root = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Op::*;

    #[test]
    fn a_step_that_commutes_with_the_sequence_is_a_weak_initial() {
        let v = [(1, Write(0)), (2, Read(0))];
        assert_eq!(weak_initial(1, Write(0), &v), Some(Some(0)));
        assert_eq!(weak_initial(2, Read(0), &v), None);
        assert_eq!(weak_initial(3, Read(5), &v), Some(None));
        assert_eq!(weak_initial(3, Write(0), &v), None);
    }

    #[test]
    fn an_equivalent_sequence_is_not_inserted_twice() {
        let mut tree = WakeupTree::default();
        tree.insert(vec![(2, Write(0)), (1, Read(0))]);
        tree.insert(vec![(2, Write(0)), (1, Read(0))]);
        assert_eq!(tree.children.len(), 1);
        // Thread 3's step commutes with everything: starting with it changes no class.
        tree.insert(vec![(3, Read(7)), (2, Write(0))]);
        assert_eq!(tree.children.len(), 1);
        // Thread 1 reading before thread 2 writes is another class: a new branch.
        tree.insert(vec![(1, Read(0)), (2, Write(0))]);
        assert_eq!(tree.children.len(), 2);
    }
}
