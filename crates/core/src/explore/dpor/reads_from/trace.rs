//! An execution's events as the reads-from exploration sees them: what each reads from, what it
//! comes after, its node in the unfolding, and its causal past.

use super::super::board::Object;
use super::super::event::{self, Event, Obj, Op, Rmw, Tid};
use super::tree::{Decision, Node, Unfolding, INIT, START};
use super::verify::{Access, Source};
use super::Unfollowed;
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// The thread of the reader of final values in a leaf (no thread the scheduler runs).
pub(super) const READER: Tid = usize::MAX;

/// What an execution's event does, as the reads-from exploration sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Load,
    Store,
    Lock,
    Unlock,
    Local,
}

/// One event of a finished execution, with what the exploration knows of it.
#[derive(Debug, Clone)]
pub(super) struct Ev {
    /// Its thread ([`READER`] for the reader of final values).
    pub(super) tid: Tid,
    pub(super) kind: Kind,
    pub(super) obj: Obj,
    /// What it reads from (loads, and lock acquisitions: the release before).
    pub(super) source: Option<Source>,
    /// Its thread's event before it.
    pub(super) before: Option<usize>,
    /// Events it comes after besides its thread's earlier ones.
    pub(super) after: Vec<usize>,
    /// Its node in the unfolding, and the node of its thread's event before it.
    pub(super) node: Node,
    pub(super) parent: Node,
    pub(super) decision: Option<Rc<Decision>>,
    pub(super) pinned: bool,
}

impl Ev {
    pub(super) fn reads(&self) -> bool {
        matches!(self.kind, Kind::Load | Kind::Lock)
    }

    pub(super) fn depth(&self) -> Option<usize> {
        self.decision.as_ref().map(|d| d.depth)
    }

    /// What it does, reading from `source`, with events renumbered by `local`.
    pub(super) fn access(&self, source: Option<Source>, local: impl Fn(usize) -> usize) -> Access {
        let source = match source {
            Some(Source::Write(j)) => Source::Write(local(j)),
            Some(s) => s,
            None => Source::Init(self.obj),
        };
        match self.kind {
            Kind::Load => Access::Load(self.obj, source),
            Kind::Lock => Access::Update(self.obj, source),
            Kind::Store | Kind::Unlock => Access::Store(self.obj),
            Kind::Local => Access::Local,
        }
    }
}

/// The execution's events as the exploration sees them, with the reader of final values.
pub(super) fn trace(
    unfolding: &mut Unfolding,
    events: &[Event],
    objects: &[Object],
) -> Result<Vec<Ev>, Unfollowed> {
    let mut evs: Vec<Ev> = Vec::with_capacity(events.len() + objects.len());
    let mut latest: FxHashMap<Obj, Source> = FxHashMap::default();
    let mut last: Vec<Option<usize>> = Vec::new();
    let mut spawned: FxHashMap<Tid, usize> = FxHashMap::default();
    let mut joined = 0;
    for (k, e) in events.iter().enumerate() {
        let t = e.tid;
        if last.len() <= t {
            last.resize(t + 1, None);
        }
        let before = last[t];
        let mut after = Vec::new();
        if before.is_none() {
            after.extend(spawned.get(&t).copied());
        }
        match e.rmw {
            Rmw::Cas => return Err(Unfollowed::Step("compare_exchange")),
            Rmw::Add => return Err(Unfollowed::Step("fetch_add")),
            Rmw::No => {}
        }
        let (kind, obj) = match e.op {
            Op::Start | Op::Yield => (Kind::Local, 0),
            Op::Spawn(c) => {
                spawned.insert(c as usize, k);
                (Kind::Local, 0)
            }
            Op::Join(c) => {
                after.extend(last.get(c as usize).copied().flatten());
                joined += 1;
                (Kind::Local, 0)
            }
            // The main thread alone, every thread joined: nothing can come between.
            Op::Global if t == 0 && joined == spawned.len() => (Kind::Local, 0),
            Op::Read(o) => (Kind::Load, o),
            Op::Write(o) => (Kind::Store, o),
            Op::Lock(o) => (Kind::Lock, o),
            Op::Unlock(o) => (Kind::Unlock, o),
            Op::Global => return Err(Unfollowed::Step("a cooperative task's step")),
            op => return Err(Unfollowed::Step(op.word())),
        };
        let source = matches!(kind, Kind::Load | Kind::Lock)
            .then(|| latest.get(&obj).copied().unwrap_or(Source::Init(obj)));
        if !matches!(kind, Kind::Load | Kind::Local) {
            latest.insert(obj, Source::Write(k));
        }
        let parent = match before {
            Some(b) => evs[b].node,
            None => after.first().map_or(START, |&s| evs[s].node),
        };
        let node = match kind {
            Kind::Local => parent,
            _ => unfolding.node(t, parent, source_node(&evs, source)),
        };
        evs.push(Ev {
            tid: t,
            kind,
            obj,
            source,
            before,
            after,
            node,
            parent,
            decision: None,
            pinned: false,
        });
        last[t] = Some(k);
    }
    let ends: Vec<usize> = last.iter().flatten().copied().collect();
    let mut before = None;
    for (obj, _) in objects.iter().enumerate().filter(|o| o.1.value.is_some()) {
        let obj = event::obj(obj);
        let source = Some(latest.get(&obj).copied().unwrap_or(Source::Init(obj)));
        let parent = before.map_or(START, |b: usize| evs[b].node);
        let node = unfolding.node(READER, parent, source_node(&evs, source));
        evs.push(Ev {
            tid: READER,
            kind: Kind::Load,
            obj,
            source,
            before,
            after: if before.is_none() {
                ends.clone()
            } else {
                Vec::new()
            },
            node,
            parent,
            decision: None,
            pinned: false,
        });
        before = Some(evs.len() - 1);
    }
    Ok(evs)
}

/// The node of what `source` names ([`INIT`] for a cell's initial value).
pub(super) fn source_node(evs: &[Ev], source: Option<Source>) -> Node {
    match source {
        Some(Source::Write(j)) => evs[j].node,
        _ => INIT,
    }
}

/// Each event's causal past (itself included), as sets of event indices, row by row.
pub(super) struct Pasts {
    pub(super) words: usize,
    pub(super) bits: Vec<u64>,
}

impl Pasts {
    pub(super) fn of(&self, k: usize) -> &[u64] {
        &self.bits[k * self.words..(k + 1) * self.words]
    }
}

pub(super) fn pasts(evs: &[Ev]) -> Pasts {
    let words = evs.len().div_ceil(64);
    let mut bits = vec![0u64; words * evs.len()];
    for (k, ev) in evs.iter().enumerate() {
        let (done, row) = bits.split_at_mut(k * words);
        let row = &mut row[..words];
        let sources = ev.before.iter().chain(&ev.after);
        let write = match ev.source {
            Some(Source::Write(j)) => Some(j),
            _ => None,
        };
        for j in sources.chain(write.iter()) {
            for (w, f) in row.iter_mut().zip(&done[j * words..(j + 1) * words]) {
                *w |= f;
            }
        }
        row[k / 64] |= 1 << (k % 64);
    }
    Pasts { words, bits }
}

pub(super) fn contains(set: &[u64], k: usize) -> bool {
    set[k / 64] >> (k % 64) & 1 == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use Op::*;

    fn run(steps: &[(Tid, Op)]) -> Vec<Event> {
        steps.iter().map(|&(t, op)| Event::test(t, op)).collect()
    }

    fn cell() -> Vec<Object> {
        vec![Object {
            name: "counter",
            value: Some(0),
            kind: None,
        }]
    }

    #[test]
    fn each_load_reads_the_latest_store_and_a_reader_reads_the_final_value() {
        let events = run(&[
            (0, Start),
            (0, Spawn(1)),
            (0, Spawn(2)),
            (1, Start),
            (1, Read(0)),
            (2, Start),
            (2, Read(0)),
            (1, Write(0)),
            (2, Write(0)),
            (0, Join(1)),
            (0, Join(2)),
            (0, Global),
        ]);
        let evs = trace(&mut Unfolding::default(), &events, &cell()).expect("followed");
        assert_eq!(evs.len(), events.len() + 1, "one reader of the one cell");
        assert_eq!(evs[4].source, Some(Source::Init(0)));
        assert_eq!(evs[6].source, Some(Source::Init(0)));
        assert_eq!(evs[3].after, vec![1], "a thread starts after its spawn");
        assert_eq!(
            evs[10].after,
            vec![8],
            "a join comes after the thread's last step"
        );
        assert_eq!(
            evs[11].kind,
            Kind::Local,
            "the main thread alone after its joins"
        );
        let reader = &evs[12];
        assert_eq!(
            (reader.tid, reader.source),
            (READER, Some(Source::Write(8)))
        );
        assert_ne!(
            evs[4].node, evs[6].node,
            "two threads' loads are two events"
        );
        let past = pasts(&evs);
        assert!(contains(past.of(12), 7) && !contains(past.of(7), 8));
    }

    #[test]
    fn a_read_modify_write_or_a_step_before_the_joins_is_not_followed() {
        let mut add = Event::test(1, Write(0));
        add.rmw = Rmw::Add;
        let events = [Event::test(0, Start), add];
        let refused = trace(&mut Unfolding::default(), &events, &cell()).err();
        assert_eq!(refused, Some(Unfollowed::Step("fetch_add")));
        let early = run(&[(0, Start), (0, Spawn(1)), (0, Global)]);
        let refused = trace(&mut Unfolding::default(), &early, &cell()).err();
        assert_eq!(refused, Some(Unfollowed::Step("a cooperative task's step")));
        let add = [Event::test(0, Start), Event::test(1, Add(0))];
        let refused = trace(&mut Unfolding::default(), &add, &cell()).err();
        assert_eq!(refused, Some(Unfollowed::Step("add")));
    }
}
