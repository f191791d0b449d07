//! The waiting primitives a backend provides: a condition variable paired with its mutex, a
//! read-write lock, a barrier and a channel of integers, each implemented with the backend's
//! own type where it has one (see [`super::built`] for the rest).

use super::RawMutex;

/// A condition variable that waits with the backend's mutex.
pub trait RawCondvar<M: RawMutex>: std::fmt::Debug + Send + Sync + 'static {
    /// A condition variable nobody waits on.
    fn new() -> Self;
    /// Releases `guard`'s mutex, waits for a notify (or wakes spuriously), and takes it again.
    fn wait<'a>(&self, guard: M::Guard<'a>) -> M::Guard<'a>;
    /// Wakes one waiting thread, if any.
    fn notify_one(&self);
    /// Wakes every waiting thread.
    fn notify_all(&self);
}

/// A read-write lock guarding nothing (the data lives in cells).
pub trait RawRwLock: std::fmt::Debug + Send + Sync + 'static {
    /// Holds the lock to read until dropped.
    type ReadGuard<'a>;
    /// Holds the lock to write until dropped.
    type WriteGuard<'a>;
    /// An unlocked lock.
    fn new() -> Self;
    /// Waits until no writer holds it, then takes it to read.
    fn read(&self) -> Self::ReadGuard<'_>;
    /// Waits until nobody holds it, then takes it to write.
    fn write(&self) -> Self::WriteGuard<'_>;
}

/// A reusable barrier.
pub trait RawBarrier: std::fmt::Debug + Send + Sync + 'static {
    /// A barrier for `n` threads.
    fn new(n: usize) -> Self;
    /// Waits until `n` threads have arrived; true for one of them each round.
    fn wait(&self) -> bool;
}

/// A channel of integers with any number of senders and receivers.
pub trait RawChannel: std::fmt::Debug + Send + Sync + 'static {
    /// A channel holding at most `capacity` values (0: each send waits for its receiver).
    fn bounded(capacity: usize) -> Self;
    /// A channel that never fills.
    fn unbounded() -> Self;
    /// Sends `value`, waiting while the channel is full.
    fn send(&self, value: i64);
    /// Receives the oldest value, waiting while there is none.
    fn recv(&self) -> i64;
}

/// Implements [`RawCondvar`], [`RawRwLock`] and [`RawBarrier`] for a backend whose `sync` module
/// has std's `Condvar`, `RwLock` and `Barrier` (poisoning ignored).
macro_rules! impl_std_waiting {
    ($($sync:ident)::+) => {
        impl $crate::runtime::RawCondvar<$($sync)::+::Mutex<()>> for $($sync)::+::Condvar {
            fn new() -> Self {
                $($sync)::+::Condvar::new()
            }
            fn wait<'a>(
                &self,
                guard: <$($sync)::+::Mutex<()> as $crate::runtime::RawMutex>::Guard<'a>,
            ) -> <$($sync)::+::Mutex<()> as $crate::runtime::RawMutex>::Guard<'a> {
                $($sync)::+::Condvar::wait(self, guard).unwrap_or_else(|p| p.into_inner())
            }
            fn notify_one(&self) {
                $($sync)::+::Condvar::notify_one(self)
            }
            fn notify_all(&self) {
                $($sync)::+::Condvar::notify_all(self)
            }
        }

        impl $crate::runtime::RawRwLock for $($sync)::+::RwLock<()> {
            type ReadGuard<'a> = $($sync)::+::RwLockReadGuard<'a, ()>;
            type WriteGuard<'a> = $($sync)::+::RwLockWriteGuard<'a, ()>;
            fn new() -> Self {
                $($sync)::+::RwLock::new(())
            }
            fn read(&self) -> Self::ReadGuard<'_> {
                $($sync)::+::RwLock::read(self).unwrap_or_else(|p| p.into_inner())
            }
            fn write(&self) -> Self::WriteGuard<'_> {
                $($sync)::+::RwLock::write(self).unwrap_or_else(|p| p.into_inner())
            }
        }
    };
}
pub(crate) use impl_std_waiting;

/// Implements [`RawBarrier`] for std's `Barrier` shape.
macro_rules! impl_std_barrier {
    ($($barrier:ident)::+) => {
        impl $crate::runtime::RawBarrier for $($barrier)::+ {
            fn new(n: usize) -> Self {
                <$($barrier)::+>::new(n)
            }
            fn wait(&self) -> bool {
                <$($barrier)::+>::wait(self).is_leader()
            }
        }
    };
}
pub(crate) use impl_std_barrier;

/// Defines a channel type over a backend's `mpsc` (std's shape): `sync_channel` when bounded,
/// `channel` when not, its receiver behind the backend's mutex so that many threads may
/// receive.
macro_rules! mpsc_channel {
    ($name:ident, $($mpsc:ident)::+, $($mutex:ident)::+) => {
        /// A channel of integers over the backend's `mpsc`.
        #[derive(Debug)]
        pub struct $name {
            sender: Sender,
            receiver: $($mutex)::+<$($mpsc)::+::Receiver<i64>>,
        }

        #[derive(Debug)]
        enum Sender {
            Bounded($($mpsc)::+::SyncSender<i64>),
            Unbounded($($mpsc)::+::Sender<i64>),
        }

        impl $crate::runtime::RawChannel for $name {
            fn bounded(capacity: usize) -> Self {
                let (sender, receiver) = $($mpsc)::+::sync_channel(capacity);
                $name {
                    sender: Sender::Bounded(sender),
                    receiver: $($mutex)::+::new(receiver),
                }
            }
            fn unbounded() -> Self {
                let (sender, receiver) = $($mpsc)::+::channel();
                $name {
                    sender: Sender::Unbounded(sender),
                    receiver: $($mutex)::+::new(receiver),
                }
            }
            fn send(&self, value: i64) {
                // The receiver lives as long as the channel: a send cannot fail.
                let _ = match &self.sender {
                    Sender::Bounded(s) => s.send(value),
                    Sender::Unbounded(s) => s.send(value),
                };
            }
            fn recv(&self) -> i64 {
                let receiver = self.receiver.lock().unwrap_or_else(|p| p.into_inner());
                receiver.recv().unwrap_or_default()
            }
        }
    };
}
pub(crate) use mpsc_channel;
