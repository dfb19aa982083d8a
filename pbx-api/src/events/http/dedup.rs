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
#[derive(Debug, Clone)]
struct Entry {
    at: Instant,
    /// The receiver's count of queued items when this one was queued.
    seq: u64,
    /// The event's first call id, if it carried one.
    call: Option<Box<str>>,
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
    /// For each call id in the window: the `seq` of its call's latest queued event.
    last_of_call: HashMap<Box<str>, u64>,
}

impl Window {
    /// An empty window.
    pub(crate) fn new(limits: DedupWindow) -> Self {
        Window {
            limits,
            entries: HashMap::new(),
            order: VecDeque::new(),
            seq: 0,
            last_of_call: HashMap::new(),
        }
    }

    /// Whether a request with `key`, arriving `now`, is a resend of one already queued.
    pub(crate) fn is_resend(&mut self, key: &Key, now: Instant) -> bool {
        self.expire(now);
        match self.entries.get(key) {
            None => false,
            // A call's event: a resend unless another event of the same call was queued
            // since (a call put on hold and taken off it sends its answered status again,
            // byte for byte). A status without a call id: only if nothing else was queued
            // since (InUse, Idle, InUse is three events).
            Some(entry) => match &entry.call {
                Some(call) => self.last_of_call.get(call) == Some(&entry.seq),
                None => entry.seq == self.seq,
            },
        }
    }

    /// Records that the request with `key`, of the call `call` (its first call id), was
    /// queued now.
    pub(crate) fn record(&mut self, key: Key, call: Option<&str>, now: Instant) {
        self.seq += 1;
        if self.limits.entries == 0 {
            return;
        }
        let call: Option<Box<str>> = call.map(Into::into);
        if let Some(call) = &call {
            self.last_of_call.insert(call.clone(), self.seq);
        }
        let entry = Entry {
            at: now,
            seq: self.seq,
            call,
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
            if let Some(entry) = self.entries.remove(&key)
                && let Some(call) = entry.call
                && self.last_of_call.get(&call) == Some(&entry.seq)
            {
                // The call's latest event leaves the window, so does the call.
                self.last_of_call.remove(&call);
            }
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
        w.record(a, Some("1"), now);
        w.record(b, Some("2"), now);
        assert!(
            w.is_resend(&a, now),
            "a call event's copy, even after another event"
        );
        w.record(c, Some("3"), now);
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
        w.record(in_use, None, now);
        assert!(w.is_resend(&in_use, now), "nothing queued since: a resend");
        w.record(idle, None, now);
        assert!(
            !w.is_resend(&in_use, now),
            "InUse, Idle, InUse: a new event"
        );
        w.record(in_use, None, now);
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
        w.record(a, Some("1"), now);
        assert!(!w.is_resend(&a, now));
    }

    #[test]
    fn a_call_event_sent_again_after_another_of_its_call_is_new() {
        let mut w = window(16, 60);
        let now = Instant::now();
        let (answered, hold) = (key("/", "", b"1:ANSWERED"), key("/", "", b"1:HOLD"));
        w.record(answered, Some("1"), now);
        w.record(key("/", "", b"2:RING"), Some("2"), now);
        assert!(w.is_resend(&answered, now), "another call's event between");
        w.record(hold, Some("1"), now);
        assert!(!w.is_resend(&answered, now), "held, then answered again");
        w.record(answered, Some("1"), now);
        assert!(w.is_resend(&answered, now));
        assert!(!w.is_resend(&hold, now));
    }

    #[test]
    fn calls_leave_the_window_with_their_last_event() {
        let mut w = window(2, 60);
        let now = Instant::now();
        for (n, call) in ["1", "2", "3", "4"].iter().enumerate() {
            w.record(key("/", "", &[n as u8]), Some(call), now);
        }
        assert_eq!(w.len(), 2);
        assert_eq!(w.last_of_call.len(), 2, "{:?}", w.last_of_call);
    }
}
