//! Resends: the PBX sends a report again until it reads `200`, so a copy of a request already
//! queued (same path, query and body, by SHA-256) within the window is answered `200` and not
//! queued again. Why byte-identical means "resend", and the exception for events without a
//! call id, is on [`DedupWindow`].

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use aws_lc_rs::digest;

use super::config::DedupWindow;

/// A request's identity: SHA-256 over its path, query and body, each length-prefixed.
pub(crate) type Key = [u8; 32];

/// The key of one request.
pub(crate) fn key(path: &str, query: &str, body: &[u8]) -> Key {
    let mut ctx = digest::Context::new(&digest::SHA256);
    for part in [path.as_bytes(), query.as_bytes(), body] {
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// What the window remembers of a queued request.
#[derive(Debug, Clone, Copy)]
struct Entry {
    at: Instant,
    /// The receiver's count of queued items when this one was queued.
    seq: u64,
    /// Whether the event carried a call id.
    keyed: bool,
}

/// The recently queued requests, bounded in count and age.
#[derive(Debug)]
pub(crate) struct Window {
    limits: DedupWindow,
    entries: HashMap<Key, Entry>,
    /// Keys in queueing order, with the `seq` they were recorded with (a key recorded again
    /// leaves a stale element, skipped when it reaches the front).
    order: VecDeque<(Key, u64)>,
    /// How many items were queued so far.
    seq: u64,
}

impl Window {
    /// An empty window.
    pub(crate) fn new(limits: DedupWindow) -> Self {
        Window {
            limits,
            entries: HashMap::new(),
            order: VecDeque::new(),
            seq: 0,
        }
    }

    /// Whether a request with `key`, arriving `now`, is a resend of one already queued.
    pub(crate) fn is_resend(&mut self, key: &Key, now: Instant) -> bool {
        self.expire(now);
        match self.entries.get(key) {
            None => false,
            // A call's events are unique; a status without a call id only if nothing else
            // was queued since (InUse, Idle, InUse is three events).
            Some(entry) => entry.keyed || entry.seq == self.seq,
        }
    }

    /// Records that the request with `key` was queued now.
    pub(crate) fn record(&mut self, key: Key, keyed: bool, now: Instant) {
        self.seq += 1;
        if self.limits.entries == 0 {
            return;
        }
        let entry = Entry {
            at: now,
            seq: self.seq,
            keyed,
        };
        self.entries.insert(key, entry);
        self.order.push_back((key, self.seq));
        self.expire(now);
    }

    /// Forgets entries over the count or older than the age.
    fn expire(&mut self, now: Instant) {
        while let Some(&(key, seq)) = self.order.front() {
            let Some(entry) = self.entries.get(&key) else {
                self.order.pop_front();
                continue;
            };
            if entry.seq != seq {
                // Stale: the key was recorded again later.
                self.order.pop_front();
                continue;
            }
            let old = now.saturating_duration_since(entry.at) > self.limits.age;
            if !old && self.entries.len() <= self.limits.entries {
                break;
            }
            self.entries.remove(&key);
            self.order.pop_front();
        }
    }

    /// How many requests are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn window(entries: usize, secs: u64) -> Window {
        Window::new(DedupWindow {
            entries,
            age: Duration::from_secs(secs),
        })
    }

    #[test]
    fn copies_of_call_events_are_resends_until_they_leave_the_window() {
        let mut w = window(2, 60);
        let now = Instant::now();
        let (a, b, c) = (key("/", "", b"a"), key("/", "", b"b"), key("/", "", b"c"));
        assert!(!w.is_resend(&a, now));
        w.record(a, true, now);
        w.record(b, true, now);
        assert!(
            w.is_resend(&a, now),
            "a call event's copy, even after another event"
        );
        w.record(c, true, now);
        assert_eq!(w.len(), 2);
        assert!(!w.is_resend(&a, now), "pushed out by count");
        assert!(w.is_resend(&c, now));
        assert!(!w.is_resend(&c, now + Duration::from_secs(61)), "aged out");
        assert_eq!(w.len(), 0);
    }

    #[test]
    fn a_status_repeats_once_something_else_was_queued() {
        let mut w = window(16, 60);
        let now = Instant::now();
        let (in_use, idle) = (key("/", "", b"InUse"), key("/", "", b"Idle"));
        w.record(in_use, false, now);
        assert!(w.is_resend(&in_use, now), "nothing queued since: a resend");
        w.record(idle, false, now);
        assert!(
            !w.is_resend(&in_use, now),
            "InUse, Idle, InUse: a new event"
        );
        w.record(in_use, false, now);
        assert!(w.is_resend(&in_use, now));
        assert!(w.is_resend(&in_use, now + Duration::from_secs(59)));
    }

    #[test]
    fn parts_do_not_run_into_each_other() {
        assert_ne!(key("/a", "b", b""), key("/", "ab", b""));
        assert_ne!(key("/", "a", b"b"), key("/", "", b"ab"));
    }

    #[test]
    fn zero_entries_turns_it_off() {
        let mut w = window(0, 60);
        let now = Instant::now();
        let a = key("/", "", b"a");
        w.record(a, true, now);
        assert!(!w.is_resend(&a, now));
    }
}
