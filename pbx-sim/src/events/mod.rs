//! The events the simulated PBX sends, each family the way its vendor does: HTTP reports to
//! the target a session registered (OpenVox, Yeastar S-Series and API 2.0: `v1.rs`, `v2.rs`;
//! requests in `target.rs`, resent from `outbox.rs`), frames on the P-Series WebSocket
//! (`p_series.rs`, served by `ws.rs`) and Switchvox URL-manager triggers (`switchvox.rs`).
//!
//! The state owns the hub ([`Events`]); the model's hooks (`hooks.rs`) tell it what happened
//! to a call, and it queues what each registered receiver is to get. Senders run on their
//! own tasks and count what they do ([`EventCounters`]); they never contact an address that
//! is not loopback.

mod change;
mod config;
mod counters;
mod hooks;
mod json;
mod misbehave;
mod outbox;
mod p_series;
mod switchvox;
mod target;
mod v1;
mod v2;
pub(crate) mod ws;

#[cfg(test)]
mod kinds_tests;

use std::collections::HashMap;
use std::sync::Arc;

pub use config::{EventConfig, EventTap, Fate, Misbehaviour, TappedEvent, Trigger, TriggerEvent};
pub use counters::EventCounters;
pub(crate) use hooks::{Named, after_action, failed, rang};
pub(crate) use target::Target;

use change::{Happened, Leg};
use counters::Tally;
use misbehave::Choices;
use outbox::{Item, Outbox};
use target::Head;
use v1::Shape;

/// How many calls' ways are remembered: a bound on memory for a long run with many calls up at
/// once (beyond it, a call's way is told again from its numbers, `hooks.rs`).
const LEGS: usize = 1024;

/// Whether a family's session token is alive (and, for sliding tokens, extends it).
pub(crate) type Alive = Arc<dyn Fn(&'static str, &str) -> bool + Send + Sync>;

/// What every sender shares.
pub(crate) struct Senders {
    pub config: EventConfig,
    pub tally: Arc<Tally>,
    pub alive: Alive,
}

impl Senders {
    /// Tells the tap, if there is one, what became of an event.
    pub fn tell(&self, family: &'static str, body: &str, fate: Fate) {
        if let Some(tap) = &self.config.tap {
            tap.tell(family, body, fate);
        }
    }
}

/// The body format a report session gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    V1(Shape),
    V2,
}

struct Session {
    family: &'static str,
    token: String,
    format: Format,
    outbox: Arc<Outbox>,
}

/// The event hub the state owns.
pub(crate) struct Events {
    senders: Arc<Senders>,
    sessions: Vec<Session>,
    subscribers: Vec<Arc<ws::Subscriber>>,
    /// Topics a P-Series socket subscribed to before it closed, and no open socket has
    /// subscribed to since: their frames are lost while the application is away.
    down_topics: Vec<u32>,
    triggers: Option<Arc<Outbox>>,
    /// Which way calls up now go, by family and id (set when they start), for at most
    /// [`LEGS`] calls.
    legs: HashMap<(&'static str, String), Leg>,
    next_sender: u64,
    next_failed: u64,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("sessions", &self.sessions.len())
            .field("subscribers", &self.subscribers.len())
            .finish_non_exhaustive()
    }
}

impl Events {
    /// A hub with no receivers; tokens count as alive until [`Events::attach`].
    pub fn new(config: EventConfig) -> Events {
        Events {
            senders: Arc::new(Senders {
                config,
                tally: Arc::default(),
                alive: Arc::new(|_, _| true),
            }),
            sessions: Vec::new(),
            subscribers: Vec::new(),
            down_topics: Vec::new(),
            triggers: None,
            legs: HashMap::new(),
            next_sender: 0,
            next_failed: 0,
        }
    }

    /// Gives the senders the check of a session's token (the server's state).
    pub fn attach(&mut self, alive: Alive) {
        self.senders = Arc::new(Senders {
            config: self.senders.config.clone(),
            tally: self.senders.tally.clone(),
            alive,
        });
    }

    /// The senders' shared parts.
    pub fn senders(&self) -> Arc<Senders> {
        self.senders.clone()
    }

    fn choices(&mut self) -> Choices {
        self.next_sender += 1;
        Choices::new(&self.senders.config.misbehave, self.next_sender)
    }

    /// Remembers which way a call goes, while fewer than [`LEGS`] are remembered.
    fn remember(&mut self, key: (&'static str, String), leg: Leg) {
        if self.legs.len() < LEGS {
            self.legs.insert(key, leg);
        }
    }

    /// A login that names a report target: its reports start. `version` is the login's
    /// report format (`1.0.2`, `2.0.0`, or none).
    pub fn register(
        &mut self,
        family: &'static str,
        token: &str,
        version: Option<&str>,
        target: Result<Target, String>,
    ) {
        if !self.senders.config.reports {
            return;
        }
        let (format, head) = match (family, version.map(str::trim)) {
            ("openvox", _) if self.senders.config.openvox_malformed => {
                (Format::V1(Shape::OpenVox), Head::OpenVoxMalformed)
            }
            ("openvox", _) => (Format::V1(Shape::OpenVox), Head::Yeastar),
            ("yeastar_s", Some("1.0.2")) => (Format::V1(Shape::Fixed), Head::Yeastar),
            ("yeastar_s", _) => (Format::V1(Shape::Repeated), Head::Yeastar),
            // "If version is not specified, PBX will send events in version 1.0.0".
            ("yeastar_v2", Some(v)) if v.starts_with('2') => (Format::V2, Head::V2),
            ("yeastar_v2", Some("1.0.2")) => (Format::V1(Shape::Fixed), Head::V2),
            ("yeastar_v2", _) => (Format::V1(Shape::Repeated), Head::V2),
            _ => return,
        };
        if let Err(why) = &target {
            tracing::warn!(family, %why, "login names no usable report target");
        }
        let attempts = self.senders.config.attempts;
        let outbox = Arc::new(Outbox::new(
            family,
            Some(token.to_owned()),
            head,
            target,
            attempts,
        ));
        self.spawn(&outbox);
        self.sessions.push(Session {
            family,
            token: token.to_owned(),
            format,
            outbox,
        });
    }

    fn spawn(&mut self, outbox: &Arc<Outbox>) {
        let choices = self.choices();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(outbox::run(outbox.clone(), self.senders.clone(), choices));
        }
    }

    /// A heartbeat re-pointing a session's reports.
    pub fn repoint(&mut self, family: &'static str, token: &str, target: Result<Target, String>) {
        if let Err(why) = &target {
            tracing::warn!(family, %why, "heartbeat names no usable report target");
        }
        for s in self
            .sessions
            .iter()
            .filter(|s| s.family == family && s.token == token)
        {
            s.outbox.repoint(target.clone());
        }
    }

    /// Stops the reports of a token (logout), or of every session (`None`: tokens forgotten).
    pub fn end(&mut self, token: Option<&str>) {
        let senders = self.senders.clone();
        self.sessions.retain(|s| {
            let ends = token.is_none_or(|t| t == s.token);
            if ends {
                s.outbox.close(&senders);
            }
            !ends
        });
    }

    /// A P-Series WebSocket subscriber (its token is checked by its socket).
    pub fn subscribe(
        &mut self,
    ) -> (
        Arc<ws::Subscriber>,
        tokio::sync::mpsc::Receiver<Vec<p_series::Frame>>,
        Choices,
    ) {
        let (subscriber, frames) = ws::Subscriber::new(self.senders.config.queue);
        self.subscribers.push(subscriber.clone());
        (subscriber, frames, self.choices())
    }

    /// One family's counters, or every family's.
    pub fn counters(&self, family: Option<&str>) -> EventCounters {
        self.senders.tally.get(family)
    }

    /// Whether anyone receives `family`'s events (nothing is built otherwise).
    fn listened(&mut self, family: &str) -> bool {
        match family {
            "yeastar_p" => {
                let mut closed = Vec::new();
                self.subscribers.retain(|s| {
                    if s.is_closed() {
                        closed.extend(s.subscribed());
                    }
                    !s.is_closed()
                });
                for topic in closed {
                    if !self.down_topics.contains(&topic) {
                        self.down_topics.push(topic);
                    }
                }
                !self.subscribers.is_empty() || !self.down_topics.is_empty()
            }
            "switchvox" => !self.senders.config.triggers.is_empty(),
            _ => {
                self.sessions.retain(|s| !s.outbox.is_closed());
                self.sessions.iter().any(|s| s.family == family)
            }
        }
    }

    /// Queues what `h` is for every receiver of its family.
    pub(crate) fn emit(&mut self, h: &Happened) {
        let family = h.call.family;
        if !self.listened(family) {
            return;
        }
        let senders = self.senders.clone();
        let (sn, bound) = (senders.config.serial.as_str(), senders.config.queue);
        match family {
            "yeastar_p" => {
                let frames = p_series::frames(sn, h);
                for subscriber in &self.subscribers {
                    subscriber.offer(&frames, &senders);
                    let up = subscriber.subscribed();
                    self.down_topics.retain(|t| !up.contains(t));
                }
                let missed: Vec<p_series::Frame> = frames
                    .into_iter()
                    .filter(|f| self.down_topics.contains(&f.topic))
                    .collect();
                if !missed.is_empty() {
                    let n = missed.len() as u64;
                    senders.tally.bump(family, |c| c.lost_while_down += n);
                    ws::lose(&missed, &senders);
                }
            }
            "switchvox" => {
                let requests = switchvox::requests(&senders.config.triggers, h);
                if requests.is_empty() {
                    return;
                }
                let outbox = match &self.triggers {
                    Some(outbox) => outbox.clone(),
                    None => {
                        let outbox = Arc::new(Outbox::new(
                            "switchvox",
                            None,
                            Head::Yeastar,
                            Err(String::new()),
                            1,
                        ));
                        self.spawn(&outbox);
                        self.triggers = Some(outbox.clone());
                        outbox
                    }
                };
                let mut items = Vec::new();
                for (target, post) in requests {
                    match target {
                        Ok(target) => items.push(Item::Trigger { target, post }),
                        Err(why) => tracing::warn!(%why, "trigger not sent"),
                    }
                }
                outbox.push_all(items, bound, &senders);
            }
            _ => {
                let mut built: Vec<(Format, Vec<v1::Body>)> = Vec::new();
                for session in self.sessions.iter().filter(|s| s.family == family) {
                    let index = match built.iter().position(|(f, _)| *f == session.format) {
                        Some(i) => i,
                        None => {
                            built.push((session.format, bodies(session.format, sn, h)));
                            built.len() - 1
                        }
                    };
                    let items = built
                        .get(index)
                        .map(|(_, b)| b.iter().cloned().map(Item::Report).collect())
                        .unwrap_or_default();
                    session.outbox.push_all(items, bound, &senders);
                }
            }
        }
    }

    /// Sends `BootUp` to every `action` report session, as a PBX does when it has started
    /// (API 2.0 documents no such event).
    pub fn boot_up(&mut self) {
        self.sessions.retain(|s| !s.outbox.is_closed());
        let senders = self.senders.clone();
        let body = v1::boot_up(&senders.config.serial);
        for session in self.sessions.iter().filter(|s| s.format != Format::V2) {
            session.outbox.push_all(
                vec![Item::Report(body.clone())],
                senders.config.queue,
                &senders,
            );
        }
    }
}

/// A session format's bodies for `h`.
fn bodies(format: Format, sn: &str, h: &Happened) -> Vec<v1::Body> {
    match format {
        Format::V1(shape) => v1::bodies(shape, sn, h),
        Format::V2 => v2::bodies(sn, h)
            .into_iter()
            .map(|text| v1::Body { text, ring: false })
            .collect(),
    }
}
