//! The receiver's counters: what was queued, dropped as a resend, or refused, and why.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of an [`HttpReceiver`](super::HttpReceiver)'s counters since it was bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceiverStats {
    /// Items queued: events and malformed bodies (each answered `200`).
    pub queued: u64,
    /// Of those, bodies that did not decode (queued as `EventItem::Malformed`).
    pub malformed: u64,
    /// Copies answered `200` and not queued, because the same request was queued already
    /// (the PBX resending an event whose `200` it did not read).
    pub resends_dropped: u64,
    /// Requests answered `503` because the stream was full (or dropped): the PBX resends them.
    pub refused_full: u64,
    /// Connections from a peer not allowed (`403`).
    pub forbidden: u64,
    /// Requests with a missing or wrong webhook signature (`401`).
    pub unauthorized: u64,
    /// Requests that were not read whole: timeouts (`408`), caps (`413`, `431`), broken
    /// framing (`400`, `501`), methods other than GET and POST (`405`).
    pub refused_request: u64,
}

/// The live counters.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub queued: AtomicU64,
    pub malformed: AtomicU64,
    pub resends_dropped: AtomicU64,
    pub refused_full: AtomicU64,
    pub forbidden: AtomicU64,
    pub unauthorized: AtomicU64,
    pub refused_request: AtomicU64,
}

impl Stats {
    /// Adds one to a counter.
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters now.
    pub(crate) fn snapshot(&self) -> ReceiverStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        ReceiverStats {
            queued: get(&self.queued),
            malformed: get(&self.malformed),
            resends_dropped: get(&self.resends_dropped),
            refused_full: get(&self.refused_full),
            forbidden: get(&self.forbidden),
            unauthorized: get(&self.unauthorized),
            refused_request: get(&self.refused_request),
        }
    }
}
