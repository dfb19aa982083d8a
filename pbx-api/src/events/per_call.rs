//! A per-call view over any event stream: each event tagged with the call it belongs to, so
//! a program can follow one call from ring to CDR, in arrival order.
//!
//! Calls are told apart by the ids the family's events carry ([`FamilyEvents::call_keys`]:
//! `callid`, `inboundid`, `outboundid`, `channel_id`, `call_id`...). One call's events do not
//! all carry the same id: the ALERT and RING reports of one OpenVox/Yeastar call can have
//! different `callid`s tied by one `inboundid`, and its two BYE reports different `callid`s
//! (events.md 1a). So every id an event carries joins the calls it was seen on before: two
//! ids on one event are one call from then on, and two calls met that way become one (the
//! older keeps its [`CallRef`], the other is named in [`CallItem::joined`]).
//!
//! Ids are compared by value, whatever field held them: a PBX's `callid`, `inboundid` and
//! `outboundid` are the same kind of id (Asterisk unique ids), and the first is often the
//! second's value. Memory is bounded: calls without an event for [`CallLimits::idle`] are
//! forgotten, and past [`CallLimits::max_calls`] the longest-idle call is.

use std::collections::{BTreeSet, HashMap};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use super::{CallKey, EventItem, EventStream, FamilyEvents};

/// A call, as this view knows it: stable while the call is remembered, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallRef(u64);

impl CallRef {
    /// Its number: 1 for the first call seen, then counting up.
    pub fn get(self) -> u64 {
        self.0
    }
}

/// How much the view remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallLimits {
    /// A call with no event for this long is forgotten (its next event starts a new call).
    /// Two hours by default.
    pub idle: Duration,
    /// At most this many calls are remembered; past it, the longest-idle is forgotten.
    /// 10,000 by default (at least 1).
    pub max_calls: usize,
    /// At most this many ids are remembered per call (64 by default); later ones still
    /// find the call, but are not kept for the events after them.
    pub max_keys_per_call: usize,
}

impl Default for CallLimits {
    fn default() -> Self {
        CallLimits {
            idle: Duration::from_secs(2 * 60 * 60),
            max_calls: 10_000,
            max_keys_per_call: 64,
        }
    }
}

/// One item of the per-call view.
#[derive(Debug, Clone)]
pub struct CallItem<E> {
    /// The event's call; `None` for connection states, malformed bodies and events that carry
    /// no call id (extension status, registration...).
    pub call: Option<CallRef>,
    /// Calls this event showed to be the same as `call`: their earlier items carried these
    /// refs, later ones carry `call`. Empty for almost every event.
    pub joined: Vec<CallRef>,
    /// The item, as the stream gave it.
    pub item: EventItem<E>,
}

/// An event stream seen call by call; see the [module](self).
#[derive(Debug)]
pub struct PerCall<E> {
    stream: EventStream<E>,
    calls: Calls,
}

impl<E: FamilyEvents> PerCall<E> {
    /// The view over `stream`, remembering as much as `limits` says.
    pub fn new(stream: EventStream<E>, limits: CallLimits) -> Self {
        PerCall {
            stream,
            calls: Calls::new(limits),
        }
    }

    /// The next item with its call; `None` when the stream has ended.
    pub async fn next(&mut self) -> Option<CallItem<E>> {
        let item = self.stream.next().await?;
        Some(self.tag(item))
    }

    /// How many calls are remembered now.
    pub fn calls(&self) -> usize {
        self.calls.calls.len()
    }

    fn tag(&mut self, item: EventItem<E>) -> CallItem<E> {
        let (call, joined) = match &item {
            EventItem::Event(received) => self
                .calls
                .observe(received.event.call_keys(), Instant::now()),
            EventItem::State(_) | EventItem::Malformed { .. } => (None, Vec::new()),
        };
        CallItem { call, joined, item }
    }
}

impl<E: FamilyEvents> futures_core::Stream for PerCall<E> {
    type Item = CallItem<E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_next(cx) {
            Poll::Ready(Some(item)) => Poll::Ready(Some(this.tag(item))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The calls remembered: each id's call, each call's ids, and the calls by last event.
#[derive(Debug)]
struct Calls {
    limits: CallLimits,
    next: u64,
    by_value: HashMap<String, u64>,
    calls: HashMap<u64, Call>,
    /// (last event, call), oldest first.
    by_age: BTreeSet<(Instant, u64)>,
}

#[derive(Debug)]
struct Call {
    values: Vec<String>,
    last: Instant,
}

impl Calls {
    fn new(limits: CallLimits) -> Self {
        Calls {
            limits,
            next: 1,
            by_value: HashMap::new(),
            calls: HashMap::new(),
            by_age: BTreeSet::new(),
        }
    }

    /// The call of an event carrying `keys` at `now`, and the calls it joined to it.
    fn observe(&mut self, keys: Vec<CallKey>, now: Instant) -> (Option<CallRef>, Vec<CallRef>) {
        self.expire(now);
        let mut values: Vec<String> = Vec::with_capacity(keys.len());
        for key in keys {
            let value = key.value.trim();
            if !value.is_empty() && !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
        if values.is_empty() {
            return (None, Vec::new());
        }
        let mut found: Vec<u64> = values
            .iter()
            .filter_map(|v| self.by_value.get(v).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        let (id, joined) = match found.split_first() {
            None => {
                let id = self.next;
                self.next += 1;
                self.calls.insert(
                    id,
                    Call {
                        values: Vec::new(),
                        last: now,
                    },
                );
                self.by_age.insert((now, id));
                (id, Vec::new())
            }
            Some((&oldest, others)) => {
                for &other in others {
                    self.merge(other, oldest);
                }
                (oldest, others.iter().map(|&o| CallRef(o)).collect())
            }
        };
        self.remember(id, values, now);
        while self.calls.len() > self.limits.max_calls.max(1) {
            match self.by_age.iter().next().copied() {
                Some((_, oldest)) => self.forget(oldest),
                None => break,
            }
        }
        (Some(CallRef(id)), joined)
    }

    /// Adds `values` to call `id` and marks it seen at `now`.
    fn remember(&mut self, id: u64, values: Vec<String>, now: Instant) {
        let Some(call) = self.calls.get_mut(&id) else {
            return;
        };
        self.by_age.remove(&(call.last, id));
        call.last = now;
        self.by_age.insert((now, id));
        for value in values {
            if self.by_value.contains_key(&value) {
                continue;
            }
            if call.values.len() < self.limits.max_keys_per_call {
                self.by_value.insert(value.clone(), id);
                call.values.push(value);
            }
        }
    }

    /// Moves call `from`'s ids to call `into`.
    fn merge(&mut self, from: u64, into: u64) {
        let Some(absorbed) = self.calls.remove(&from) else {
            return;
        };
        self.by_age.remove(&(absorbed.last, from));
        let Some(call) = self.calls.get_mut(&into) else {
            return;
        };
        for value in absorbed.values {
            if call.values.len() < self.limits.max_keys_per_call {
                self.by_value.insert(value.clone(), into);
                call.values.push(value);
            } else {
                self.by_value.remove(&value);
            }
        }
    }

    fn expire(&mut self, now: Instant) {
        while let Some(&(last, id)) = self.by_age.iter().next() {
            if now.saturating_duration_since(last) < self.limits.idle {
                break;
            }
            self.forget(id);
        }
    }

    fn forget(&mut self, id: u64) {
        if let Some(call) = self.calls.remove(&id) {
            self.by_age.remove(&(call.last, id));
            for value in call.values {
                self.by_value.remove(&value);
            }
        }
    }
}

#[cfg(test)]
#[path = "per_call_tests.rs"]
mod tests;
