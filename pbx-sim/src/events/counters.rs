//! What the simulator's event senders did, counted per family ([`crate::Simulator::event_counters`]).

use std::collections::HashMap;
use std::sync::Mutex;

/// Counts of one family's (or every family's) events. A report is *queued* once per session
/// it is meant for; each delivery of it is *sent* (the first, resends and duplicates);
/// *acknowledged* counts the answers of 200 (a WebSocket frame or a trigger written counts
/// as acknowledged, there being no answer to wait for); *dropped* the reports given up (no
/// 200 after every attempt, the session's queue full, its token dead, a target that is not
/// loopback).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventCounters {
    /// Reports, frames and trigger requests meant for a receiver.
    pub queued: u64,
    /// Deliveries written to a socket (resends and duplicates included).
    pub sent: u64,
    /// Deliveries answered 200 (frames and triggers: written).
    pub acknowledged: u64,
    /// Deliveries after the first of the same report.
    pub resent: u64,
    /// Reports given up.
    pub dropped: u64,
    /// Reports not sent because their target is not a loopback address (also dropped).
    pub refused_targets: u64,
    /// Reports sent twice on purpose ([`crate::Misbehaviour::duplicate`]).
    pub duplicated: u64,
    /// Reports swapped with the next one ([`crate::Misbehaviour::reorder`]).
    pub reordered: u64,
    /// Reports held back ([`crate::Misbehaviour::delay`]).
    pub delayed: u64,
    /// P-Series WebSockets dropped on purpose ([`crate::Misbehaviour::drop_socket_every`]).
    pub sockets_dropped: u64,
    /// P-Series frames of a topic subscribed to before, made while no open socket was
    /// subscribed to it (the application's socket down, or not yet subscribed again): the
    /// PBX's loss, also in `dropped`.
    pub lost_while_down: u64,
}

impl EventCounters {
    fn add(&mut self, other: &EventCounters) {
        self.queued += other.queued;
        self.sent += other.sent;
        self.acknowledged += other.acknowledged;
        self.resent += other.resent;
        self.dropped += other.dropped;
        self.refused_targets += other.refused_targets;
        self.duplicated += other.duplicated;
        self.reordered += other.reordered;
        self.delayed += other.delayed;
        self.sockets_dropped += other.sockets_dropped;
        self.lost_while_down += other.lost_while_down;
    }
}

/// The counters of every family, shared by the senders.
#[derive(Debug, Default)]
pub(crate) struct Tally(Mutex<HashMap<&'static str, EventCounters>>);

impl Tally {
    /// Changes `family`'s counters.
    pub fn bump(&self, family: &'static str, change: impl FnOnce(&mut EventCounters)) {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        change(all.entry(family).or_default());
    }

    /// One family's counters, or every family's added up.
    pub fn get(&self, family: Option<&str>) -> EventCounters {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match family {
            Some(family) => all.get(family).copied().unwrap_or_default(),
            None => {
                let mut sum = EventCounters::default();
                for counters in all.values() {
                    sum.add(counters);
                }
                sum
            }
        }
    }
}
