//! Whether a set of events with a reads-from relation is sequentially consistent, and an order
//! that shows it: the VerifySC problem (NP-complete in general, Gibbons and Korach 1997), by a
//! search over the events each thread has done, with dead ends remembered.
//!
//! An order is SC with the given reads-from when every read comes after its write with no write
//! to the same cell in between. So a write may run only once every read of the value it
//! overwrites has run (that value is gone after it), and a read, or a read-modify-write, only
//! while its write is the cell's latest. Which events have run then decides all that matters
//! for the rest: the latest write of a cell with a read still to come is that read's write.
//! Reads and steps that touch no cell are taken at once (taking them never hurts); only the
//! choice of the next write branches.

use super::super::event::Obj;
use rustc_hash::FxHashSet;

/// Where a read's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Source {
    /// The cell's value before any write.
    Init(Obj),
    /// The write of event `.0` (an index into the events given).
    Write(usize),
}

/// What an event does to memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reads the cell.
    Load(Obj, Source),
    /// Overwrites the cell.
    Store(Obj),
    /// Reads the cell and writes it in one step (a fetch_add; a lock's acquisition, which
    /// reads the release before it).
    Update(Obj, Source),
    /// Touches no cell.
    Local,
}

/// One event to order: its thread, what it does, and the events that must come before it
/// besides its thread's earlier ones (a spawn before a thread's first step, a thread's last
/// step before its join).
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub thread: usize,
    pub access: Access,
    pub after: Vec<usize>,
}

/// An SC order of `items` (indices into it) in which every read reads from its source, if one
/// exists. Each thread's items are given in its program order.
pub(crate) fn verify(items: &[Item]) -> Option<Vec<usize>> {
    Search::new(items).run()
}

struct Search<'a> {
    items: &'a [Item],
    /// Each thread's items, in program order.
    threads: Vec<Vec<usize>>,
    /// How many of each thread's items have run.
    at: Vec<u16>,
    done: Vec<bool>,
    /// Each cell's latest write (cells are numbered densely: see [`Search::cell`]).
    latest: Vec<Source>,
    cells: Vec<Obj>,
    /// How many reads of each source have still to run: items first, then initial values.
    readers: Vec<u32>,
    order: Vec<usize>,
    /// What [`Search::apply`] replaced, to undo it: the cell and its latest write before.
    undo: Vec<Option<(usize, Source)>>,
    /// Sets of done items (as each thread's count) from which no order completes.
    dead: FxHashSet<Vec<u16>>,
}

impl<'a> Search<'a> {
    fn new(items: &'a [Item]) -> Self {
        let count = items.iter().map(|i| i.thread + 1).max().unwrap_or(0);
        let mut threads = vec![Vec::new(); count];
        let mut cells: Vec<Obj> = Vec::new();
        for (k, item) in items.iter().enumerate() {
            threads[item.thread].push(k);
            if let Some(cell) = item.access.cell() {
                if !cells.contains(&cell) {
                    cells.push(cell);
                }
            }
        }
        let latest = cells.iter().map(|&c| Source::Init(c)).collect();
        let mut search = Search {
            items,
            at: vec![0; count],
            threads,
            done: vec![false; items.len()],
            latest,
            readers: vec![0; items.len() + cells.len()],
            cells,
            order: Vec::with_capacity(items.len()),
            undo: Vec::with_capacity(items.len()),
            dead: FxHashSet::default(),
        };
        for item in items {
            if let Some(s) = item.access.source() {
                let slot = search.slot(s);
                search.readers[slot] += 1;
            }
        }
        search
    }

    /// The dense number of `cell`.
    fn cell(&self, cell: Obj) -> usize {
        self.cells
            .iter()
            .position(|&c| c == cell)
            .expect("a cell of the items")
    }

    /// Where the count of `source`'s readers is kept.
    fn slot(&self, source: Source) -> usize {
        match source {
            Source::Write(k) => k,
            Source::Init(cell) => self.items.len() + self.cell(cell),
        }
    }

    fn readers(&self, source: Source) -> u32 {
        self.readers[self.slot(source)]
    }

    /// The next item of `thread`, if it may run now.
    fn ready(&self, thread: usize) -> Option<usize> {
        let &k = self.threads[thread].get(self.at[thread] as usize)?;
        let item = &self.items[k];
        if !item.after.iter().all(|&a| self.done[a]) {
            return None;
        }
        let latest = |cell| self.latest[self.cell(cell)];
        let fits = match item.access {
            Access::Local => true,
            Access::Load(cell, source) => latest(cell) == source,
            Access::Update(cell, source) => latest(cell) == source && self.readers(source) == 1,
            Access::Store(cell) => self.readers(latest(cell)) == 0,
        };
        fits.then_some(k)
    }

    fn apply(&mut self, k: usize) {
        let item = &self.items[k];
        if let Some(s) = item.access.source() {
            let slot = self.slot(s);
            self.readers[slot] -= 1;
        }
        let replaced = match item.access {
            Access::Update(cell, _) | Access::Store(cell) => {
                let c = self.cell(cell);
                Some((c, std::mem::replace(&mut self.latest[c], Source::Write(k))))
            }
            _ => None,
        };
        self.undo.push(replaced);
        self.done[k] = true;
        self.at[item.thread] += 1;
        self.order.push(k);
    }

    /// Undoes the last `n` items applied.
    fn back(&mut self, n: usize) {
        for _ in 0..n {
            let k = self.order.pop().expect("an applied item");
            let item = &self.items[k];
            if let Some(s) = item.access.source() {
                let slot = self.slot(s);
                self.readers[slot] += 1;
            }
            if let Some((c, before)) = self.undo.pop().flatten() {
                self.latest[c] = before;
            }
            self.done[k] = false;
            self.at[item.thread] -= 1;
        }
    }

    /// Takes every read and local step that may run, until none may.
    fn settle(&mut self) -> usize {
        let mut taken = 0;
        loop {
            let quiet = (0..self.threads.len()).find_map(|t| {
                self.ready(t)
                    .filter(|&k| matches!(self.items[k].access, Access::Load(..) | Access::Local))
            });
            let Some(k) = quiet else { return taken };
            self.apply(k);
            taken += 1;
        }
    }

    fn run(mut self) -> Option<Vec<usize>> {
        self.step().then_some(self.order)
    }

    fn step(&mut self) -> bool {
        let settled = self.settle();
        if self.order.len() == self.items.len() {
            return true;
        }
        if !self.dead.contains(&self.at) {
            for t in 0..self.threads.len() {
                let Some(k) = self.ready(t) else { continue };
                self.apply(k);
                if self.step() {
                    return true;
                }
                self.back(1);
            }
            self.dead.insert(self.at.clone());
        }
        self.back(settled);
        false
    }
}

impl Access {
    /// The cell it touches.
    fn cell(self) -> Option<Obj> {
        match self {
            Access::Load(c, _) | Access::Store(c) | Access::Update(c, _) => Some(c),
            Access::Local => None,
        }
    }

    /// What it reads from.
    fn source(self) -> Option<Source> {
        match self {
            Access::Load(_, s) | Access::Update(_, s) => Some(s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Access::*;
    use super::Source::*;
    use super::*;

    fn item(thread: usize, access: Access) -> Item {
        Item {
            thread,
            access,
            after: Vec::new(),
        }
    }

    #[test]
    fn a_read_comes_after_its_write_with_no_other_write_between() {
        // Thread 0 stores x; thread 1 stores x and then loads x reading thread 0's store.
        let items = [
            item(0, Store(0)),
            item(1, Store(0)),
            item(1, Load(0, Write(0))),
        ];
        let order = verify(&items).expect("consistent");
        assert_eq!(order, [1, 0, 2]);
    }

    #[test]
    fn store_buffering_cannot_read_both_initial_values_under_sc() {
        // x = 1; r1 = y  ||  y = 1; r2 = x, with r1 = r2 = 0: not SC.
        let items = [
            item(0, Store(0)),
            item(0, Load(1, Init(1))),
            item(1, Store(1)),
            item(1, Load(0, Init(0))),
        ];
        assert_eq!(verify(&items), None);
        let mut one = items.clone();
        one[3] = item(1, Load(0, Write(0)));
        assert!(verify(&one).is_some());
    }

    #[test]
    fn two_updates_cannot_read_the_same_write() {
        let items = [item(0, Update(0, Init(0))), item(1, Update(0, Init(0)))];
        assert_eq!(verify(&items), None);
        let chain = [item(0, Update(0, Write(1))), item(1, Update(0, Init(0)))];
        assert_eq!(verify(&chain), Some(vec![1, 0]));
    }

    #[test]
    fn an_event_waits_for_those_it_comes_after() {
        let mut items = vec![item(0, Local), item(1, Store(0)), item(0, Load(0, Init(0)))];
        items[1].after = vec![2];
        assert_eq!(verify(&items), Some(vec![0, 2, 1]));
        items[2] = item(0, Load(0, Write(1)));
        assert_eq!(verify(&items), None);
    }
}
