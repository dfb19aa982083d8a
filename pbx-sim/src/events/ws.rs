//! The Yeastar P-Series event WebSocket, `GET /openapi/v1.0/subscribe?access_token=..`
//! (`https://help.yeastar.com/en/p-series-software-edition/developer-guide/monitor-events-via-websocket.html`):
//! a valid access token opens it; the text frame `{"topic_list":[30011,30012]}` is answered
//! `{"errcode":0,"errmsg":"SUCCESS"}` and replaces the subscription (the field report of
//! code-index file 66961448883: re-sending `{"topic_list": []}` "re-subscribes to NOTHING");
//! `heartbeat` is answered `heartbeat response`; 60 seconds without a frame from the
//! application close it ([`crate::EventConfig::ws_idle`]); so does the token's expiry, after
//! the in-band `{"errcode":10004,"errmsg":"TOKEN EXPIRED"}` that field report describes.
//! An invalid token is refused in the family's envelope before any upgrade, as its endpoints
//! refuse one (the handshake's refusal is not documented).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use super::Senders;
use super::config::Fate;
use super::misbehave::Choices;
use super::p_series::Frame;
use crate::server::Shared;

/// One open (or opening) WebSocket: its token, its topics, the frames waiting for it.
#[derive(Debug)]
pub(crate) struct Subscriber {
    topics: Mutex<Vec<u32>>,
    /// The frames of one change at a time, so misbehaviour sees them together.
    frames: mpsc::Sender<Vec<Frame>>,
}

impl Subscriber {
    pub fn new(bound: usize) -> (Arc<Subscriber>, mpsc::Receiver<Vec<Frame>>) {
        let (frames, rx) = mpsc::channel(bound.max(1));
        let subscriber = Subscriber {
            topics: Mutex::new(Vec::new()),
            frames,
        };
        (Arc::new(subscriber), rx)
    }

    /// Whether the socket is gone.
    pub fn is_closed(&self) -> bool {
        self.frames.is_closed()
    }

    fn topics(&self) -> std::sync::MutexGuard<'_, Vec<u32>> {
        self.topics.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The topics subscribed to now.
    pub fn subscribed(&self) -> Vec<u32> {
        self.topics().clone()
    }

    /// Queues the frames of one change whose topics are subscribed to; the topics of the
    /// frames queued (a full queue drops them, told as lost).
    pub fn offer(&self, frames: &[Frame], senders: &Senders) -> Vec<u32> {
        let wanted: Vec<Frame> = {
            let topics = self.topics();
            frames
                .iter()
                .filter(|f| topics.contains(&f.topic))
                .cloned()
                .collect()
        };
        if wanted.is_empty() {
            return Vec::new();
        }
        let n = wanted.len() as u64;
        senders.tally.bump("yeastar_p", |c| c.queued += n);
        for frame in &wanted {
            senders.tell("yeastar_p", &frame.text, Fate::Queued);
        }
        let topics = wanted.iter().map(|f| f.topic).collect();
        if let Err(refused) = self.frames.try_send(wanted) {
            let (mpsc::error::TrySendError::Full(lost) | mpsc::error::TrySendError::Closed(lost)) =
                refused;
            lose(&lost, senders);
            tracing::debug!("P-Series WebSocket queue full or closed: frames dropped");
        }
        topics
    }
}

/// Frames that will never be written: counted as dropped and told to the tap.
pub(crate) fn lose(frames: &[Frame], senders: &Senders) {
    if frames.is_empty() {
        return;
    }
    for frame in frames {
        senders.tell("yeastar_p", &frame.text, Fate::Lost);
    }
    let n = frames.len() as u64;
    senders.tally.bump("yeastar_p", |c| c.dropped += n);
}

/// The path the WebSocket is served at: `/openapi/<version>/subscribe`.
pub(crate) fn path() -> Option<String> {
    let api = pbx_api::ENDPOINTS
        .iter()
        .map(|e| e.api)
        .find(|api| api.module == "yeastar_p")?;
    Some(format!("/openapi/{}/subscribe", api.version))
}

/// Answers the handshake: the token checked, then the upgrade.
pub(crate) async fn handshake(
    shared: Arc<Shared>,
    uri: Uri,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let token = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("access_token="))
        .unwrap_or("")
        .to_owned();
    let opened = {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        match state.check_token("yeastar_p", &token) {
            Ok(()) => Ok(state.events.subscribe()),
            Err(code) => Err(code),
        }
    };
    let (subscriber, frames, choices) = match opened {
        Ok(opened) => opened,
        Err(code) => {
            let body = crate::handle::refuse::<pbx_api::yeastar_p::del_token::Request>(
                pbx_api::wire::Format::Json,
                crate::behave::Refusal::code(code),
            );
            return ([(header::CONTENT_TYPE, "application/json")], body).into_response();
        }
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            drop(frames);
            return (StatusCode::BAD_REQUEST, rejection.body_text()).into_response();
        }
    };
    let senders = shared
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .events
        .senders();
    upgrade.on_upgrade(move |socket| async move {
        let mut frames = frames;
        let unsent = serve(socket, token, subscriber, &mut frames, choices, &senders).await;
        // Nothing more is queued for this socket; what was is lost with it.
        frames.close();
        let mut lost = unsent;
        while let Ok(batch) = frames.try_recv() {
            lost.extend(batch);
        }
        lose(&lost, &senders);
    })
}

/// How often an open socket's token is checked.
const TOKEN_CHECK: Duration = Duration::from_millis(200);

/// Serves one socket until the application closes it, it idles, its token dies or the
/// misbehaviour drops it; the frames taken from the queue and not written.
async fn serve(
    mut socket: WebSocket,
    token: String,
    subscriber: Arc<Subscriber>,
    frames: &mut mpsc::Receiver<Vec<Frame>>,
    mut choices: Choices,
    senders: &Senders,
) -> Vec<Frame> {
    let idle_limit = senders.config.ws_idle;
    let idle = tokio::time::sleep(idle_limit);
    tokio::pin!(idle);
    let mut check = tokio::time::interval(TOKEN_CHECK);
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { return Vec::new() };
                idle.as_mut().reset(tokio::time::Instant::now() + idle_limit);
                let Message::Text(text) = message else {
                    if matches!(message, Message::Close(_)) {
                        return Vec::new();
                    }
                    continue;
                };
                let Some(answer) = answer(&subscriber, text.as_str()) else { continue };
                if socket.send(Message::Text(answer.into())).await.is_err() {
                    return Vec::new();
                }
            }
            Some(batch) = frames.recv() => {
                let mut pending: std::collections::VecDeque<Frame> = batch.into();
                while let Some(first) = pending.pop_front() {
                    let mut order = vec![first];
                    if choices.reorder() && let Some(second) = pending.pop_front() {
                        senders.tally.bump("yeastar_p", |c| c.reordered += 1);
                        order.insert(0, second);
                    }
                    let mut order = order.into_iter();
                    while let Some(frame) = order.next() {
                        match send(&mut socket, &frame, &mut choices, senders).await {
                            Sent::Yes => {}
                            // Written, then the socket is dropped: the rest is not.
                            Sent::ThenDrop => return order.chain(pending).collect(),
                            Sent::No => {
                                return std::iter::once(frame).chain(order).chain(pending).collect();
                            }
                        }
                    }
                }
            }
            _ = &mut idle => {
                tracing::info!("P-Series WebSocket idle: closed");
                let _ = socket.send(Message::Close(None)).await;
                return Vec::new();
            }
            _ = check.tick() => {
                if !(senders.alive)("yeastar_p", &token) {
                    tracing::info!("P-Series WebSocket token expired: closed");
                    let expired = r#"{"errcode":10004,"errmsg":"TOKEN EXPIRED"}"#;
                    let _ = socket.send(Message::Text(expired.into())).await;
                    let _ = socket.send(Message::Close(None)).await;
                    return Vec::new();
                }
            }
        }
    }
}

/// Whether a frame was written.
enum Sent {
    /// Written; the socket stays.
    Yes,
    /// Written, and the socket is now dropped on purpose.
    ThenDrop,
    /// Not written: the socket is gone.
    No,
}

/// Writes one frame (twice when the misbehaviour says so).
async fn send(
    socket: &mut WebSocket,
    frame: &Frame,
    choices: &mut Choices,
    senders: &Senders,
) -> Sent {
    let delay = choices.delay();
    if !delay.is_zero() {
        senders.tally.bump("yeastar_p", |c| c.delayed += 1);
        tokio::time::sleep(delay).await;
    }
    let copies = if choices.duplicate() {
        senders.tally.bump("yeastar_p", |c| c.duplicated += 1);
        2
    } else {
        1
    };
    for copy in 0..copies {
        senders.tally.bump("yeastar_p", |c| c.sent += 1);
        if socket
            .send(Message::Text(frame.text.clone().into()))
            .await
            .is_err()
        {
            // A second copy that fails leaves the first one written.
            return if copy == 0 { Sent::No } else { Sent::ThenDrop };
        }
        senders.tally.bump("yeastar_p", |c| c.acknowledged += 1);
    }
    if choices.drop_socket_now() {
        senders.tally.bump("yeastar_p", |c| c.sockets_dropped += 1);
        tracing::info!("P-Series WebSocket dropped on purpose");
        return Sent::ThenDrop;
    }
    Sent::Yes
}

/// The answer to a frame from the application: `heartbeat`, or a `topic_list` (which replaces
/// the subscription). Anything else is not answered (the vendor documents no answer).
fn answer(subscriber: &Subscriber, text: &str) -> Option<String> {
    if text.trim() == "heartbeat" {
        return Some("heartbeat response".into());
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let list = value.get("topic_list")?.as_array()?;
    let topics: Vec<u32> = list
        .iter()
        .filter_map(|t| match t {
            serde_json::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .collect();
    *subscriber.topics() = topics;
    Some(r#"{"errcode":0,"errmsg":"SUCCESS"}"#.into())
}
