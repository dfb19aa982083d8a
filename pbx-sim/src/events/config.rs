//! How the simulator sends events: the PBX's serial number, how reports are resent, the
//! queues' bounds, the P-Series WebSocket's idle limit, Switchvox trigger URLs, and the
//! misbehaviour it can be told to show (`pbx sim --event-*`).

use std::time::Duration;

/// Event settings, in [`crate::SimConfig::events`]. The defaults are the vendors' where they
/// document one (the P-Series 60-second idle cut) and bounds that keep a test or a long run
/// quick and small otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct EventConfig {
    /// The PBX serial number every report carries (`sn`).
    pub serial: String,
    /// The wait before the first resend of a report that was not answered 200; it doubles
    /// for each further resend, up to `resend_max`. The vendors document that reports are
    /// resent ("or the PBX will send API reports repeatedly") but not how often.
    pub resend_first: Duration,
    /// The longest wait between resends.
    pub resend_max: Duration,
    /// Deliveries of one report before it is dropped (counted and logged), the first one
    /// included.
    pub attempts: u32,
    /// Reports (or frames) waiting per session before new ones are dropped (counted and
    /// logged).
    pub queue: usize,
    /// Time to connect, send and read the status line of one delivery.
    pub answer_timeout: Duration,
    /// Send OpenVox reports the way OpenVox's examples print them: `POST  HTTP/1.1` (the
    /// `url` written as given, none by default), `Host:` without a space or port,
    /// `Connection:close`, and no blank line before the body of RING and ALERT
    /// (XiaoShaoKun/xiaoshao@b73c1ab:api-bao-gao-shi-li/xiang-ling-hui-ling-bao-gao.md).
    /// Off: the `POST / HTTP/1.1` shape of the BootUp example.
    pub openvox_malformed: bool,
    /// How long a P-Series WebSocket may go without a frame from the application before the
    /// PBX closes it ("no interaction ... for 60 seconds", monitor-events-via-websocket).
    pub ws_idle: Duration,
    /// Switchvox URL-manager triggers: which event requests which URL.
    pub triggers: Vec<Trigger>,
    /// Misbehaviour on every transport.
    pub misbehave: Misbehaviour,
    /// Whether logins that name a report target (OpenVox, S-Series, API 2.0) start reports.
    /// On by default, as on a PBX. A typed client that is not told where to receive asks
    /// for reports at 127.0.0.1:8260 (the client's default), so every such login makes the
    /// simulator try that port, a bounded number of times, whether or not anyone listens;
    /// tests that do not receive events turn this off (`pbx sim --no-reports`).
    pub reports: bool,
    /// Told of every event as it is queued and of every event given up ([`EventTap`]).
    pub tap: Option<EventTap>,
}

impl Default for EventConfig {
    fn default() -> Self {
        EventConfig {
            serial: "369300000001".into(),
            resend_first: Duration::from_millis(200),
            resend_max: Duration::from_secs(5),
            attempts: 5,
            queue: 1000,
            answer_timeout: Duration::from_secs(5),
            openvox_malformed: false,
            ws_idle: Duration::from_secs(60),
            triggers: Vec::new(),
            misbehave: Misbehaviour::default(),
            reports: true,
            tap: None,
        }
    }
}

/// What happened to an event the simulator meant to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Queued for a receiver: it will be delivered, or given up and told again as `Lost`.
    Queued,
    /// Given up: no 200 after every attempt, a full queue, a dead token or target, a
    /// P-Series socket that closed before the frame was written, or a frame of a topic
    /// subscribed to before while no socket is subscribed to it (the application's socket
    /// is down: the P-Series keeps nothing for it). Every `Lost` is also counted
    /// ([`crate::EventCounters::dropped`]).
    Lost,
}

/// One event as the tap sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TappedEvent {
    /// The family module (`"openvox"`).
    pub family: &'static str,
    /// The report's or frame's body; for a Switchvox trigger, the request target (path and
    /// query string).
    pub body: String,
    /// Queued or lost.
    pub fate: Fate,
}

/// A function told of every event the simulator queues or gives up, on the sending task
/// (keep it quick): how a test knows exactly what was sent, to compare with what arrived.
#[derive(Clone)]
pub struct EventTap(pub std::sync::Arc<dyn Fn(&TappedEvent) + Send + Sync>);

impl EventTap {
    /// A tap calling `f`.
    pub fn new(f: impl Fn(&TappedEvent) + Send + Sync + 'static) -> EventTap {
        EventTap(std::sync::Arc::new(f))
    }

    /// Tells the tap of one event.
    pub(crate) fn tell(&self, family: &'static str, body: &str, fate: Fate) {
        (self.0)(&TappedEvent {
            family,
            body: body.to_owned(),
            fate,
        });
    }
}

impl std::fmt::Debug for EventTap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventTap(..)")
    }
}

/// Two taps are equal when they are the same function.
impl PartialEq for EventTap {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A Switchvox event a trigger can be set for (Admin > System Setup > URL Manager; the names
/// are the events' as `incoming_call`, after "On Incoming Call" and its kin,
/// `http://developers.digium.com/switchvox/wiki/index.php?title=UrlManagerAPI_events&oldid=950`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerEvent {
    /// "On Incoming Call": a call from outside rings an extension.
    IncomingCall,
    /// "On Outgoing Call" (newer firmware): an extension places a call.
    OutgoingCall,
    /// "On Call Answered".
    CallAnswered,
    /// "On Call Hangup".
    CallHangup,
}

impl TriggerEvent {
    /// Every event with its name.
    pub const ALL: [(&'static str, TriggerEvent); 4] = [
        ("incoming_call", TriggerEvent::IncomingCall),
        ("outgoing_call", TriggerEvent::OutgoingCall),
        ("call_answered", TriggerEvent::CallAnswered),
        ("call_hangup", TriggerEvent::CallHangup),
    ];

    /// The name (`incoming_call`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, e)| *e == self)
            .map_or("", |(name, _)| name)
    }

    /// The event of a name.
    pub fn from_name(name: &str) -> Option<TriggerEvent> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, e)| *e)
    }
}

/// One Switchvox trigger: on `event`, request `url` with its `%VARIABLE%` placeholders filled
/// in (percent-encoded). Only loopback URLs are ever requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The event.
    pub event: TriggerEvent,
    /// `http://127.0.0.1:PORT/path?CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&...`.
    pub url: String,
    /// POST (Switchvox's way: "it can do an HTTP POST", sangomakb QYCwI) or GET.
    pub post: bool,
}

/// Misbehaviour, the same on every run with the same seed: each report (or frame) is sent
/// twice with chance `duplicate`, swapped with the next one of its session with chance
/// `reorder`, held back `delay` first; a P-Series WebSocket is dropped after every
/// `drop_socket_every` frames. Each is counted ([`crate::EventCounters`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Misbehaviour {
    /// The seed of the choices.
    pub seed: u64,
    /// The chance (0 to 1) that a report is sent twice.
    pub duplicate: f64,
    /// The chance (0 to 1) that a report changes places with the next one queued.
    pub reorder: f64,
    /// How long each report waits before it is sent.
    pub delay: Duration,
    /// Drop a P-Series WebSocket after this many frames (0: never).
    pub drop_socket_every: usize,
}

impl Default for Misbehaviour {
    fn default() -> Self {
        Misbehaviour {
            seed: 1,
            duplicate: 0.0,
            reorder: 0.0,
            delay: Duration::ZERO,
            drop_socket_every: 0,
        }
    }
}

impl Misbehaviour {
    /// Whether any misbehaviour is on.
    pub fn any(&self) -> bool {
        self.duplicate > 0.0
            || self.reorder > 0.0
            || !self.delay.is_zero()
            || self.drop_socket_every > 0
    }
}
