//! One connection's life: send the full topic list and check the answer, then read frames
//! until the socket ends, the PBX says the token expired, or the token is due for renewal;
//! the `heartbeat` frame goes out every interval, also while the consumer is behind (the
//! socket is then not read, so the PBX meets back-pressure but the connection stays open).

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use futures_util::{SinkExt, StreamExt};
use tokio::time::{Instant, sleep_until, timeout};
use tokio_tungstenite::tungstenite::{Bytes, Message};

use std::sync::Mutex;

use super::connect::Socket;
use super::frame::{self, Frame};
use super::settings::Settings;
use crate::events::http::dedup::{self, Window};
use crate::events::{EventItem, EventQueue, FamilyEvents, RawEvent, Received};

/// How a connection ended.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Ended {
    /// The consumer dropped the stream: the source stops.
    Dropped,
    /// The connection is due for a fresh token.
    Renew,
    /// The PBX said the token expired (`errcode` 10004): reconnect at once, with a new one.
    TokenExpired,
    /// The connection failed or the PBX closed it, in words.
    Failed(String),
}

/// An open, not yet subscribed connection.
pub(super) struct Session<'a, E> {
    socket: Socket,
    peer: SocketAddr,
    settings: &'a Settings,
    queue: &'a EventQueue<E>,
    /// The source's resend window.
    window: &'a Mutex<Window>,
    /// Frames that came before the subscription's answer, delivered after `Connected`.
    early: Vec<Bytes>,
    next_heartbeat: Instant,
    /// Whether a heartbeat sent while reading has had no frame after it yet.
    unanswered: bool,
}

/// At most this many frames are kept while waiting for the subscription's answer.
const MAX_EARLY: usize = 64;

impl<'a, E: FamilyEvents> Session<'a, E> {
    /// A connection that has completed its handshake.
    pub(super) fn new(
        socket: Socket,
        peer: SocketAddr,
        settings: &'a Settings,
        queue: &'a EventQueue<E>,
        window: &'a Mutex<Window>,
    ) -> Self {
        Session {
            socket,
            peer,
            settings,
            queue,
            window,
            early: Vec::new(),
            next_heartbeat: Instant::now() + settings.heartbeat_every,
            unanswered: false,
        }
    }

    /// Sends the full topic list and waits (within `within`) for `{"errcode":0}`.
    pub(super) async fn subscribe(&mut self, within: Duration) -> Result<(), Ended> {
        let frame = self.settings.subscribe_frame();
        self.send(Message::text(frame), within).await?;
        let deadline = Instant::now() + within;
        loop {
            let message = match timeout(
                deadline.saturating_duration_since(Instant::now()),
                self.socket.next(),
            )
            .await
            {
                Err(_) => {
                    return Err(Ended::Failed(format!(
                        "no answer to the subscription within {within:?}"
                    )));
                }
                Ok(message) => message,
            };
            let body = match body_of(message)? {
                Some(body) => body,
                None => continue,
            };
            match frame::classify(&body) {
                Frame::Success => return Ok(()),
                Frame::TokenExpired => return Err(Ended::TokenExpired),
                Frame::Refused { code, message } => {
                    return Err(Ended::Failed(format!(
                        "the PBX refused the subscription: errcode {code} {message}"
                    )));
                }
                Frame::HeartbeatResponse => {}
                Frame::Event => {
                    if self.early.len() >= MAX_EARLY {
                        return Err(Ended::Failed(
                            "no answer to the subscription, only events".into(),
                        ));
                    }
                    self.early.push(body);
                }
            }
        }
    }

    /// Reads and delivers events until the connection ends; `renew_at` is when it is replaced.
    pub(super) async fn run(mut self, renew_at: Instant) -> Ended {
        let ended = self.read_loop(renew_at).await;
        if matches!(ended, Ended::Dropped | Ended::Renew) {
            // A polite close; the PBX may not answer it, so not for long.
            let _ = timeout(Duration::from_secs(1), self.socket.close(None)).await;
        }
        ended
    }

    async fn read_loop(&mut self, renew_at: Instant) -> Ended {
        for body in std::mem::take(&mut self.early) {
            if let Err(ended) = self.deliver(&body).await {
                return ended;
            }
        }
        loop {
            if self.queue.is_closed() {
                return Ended::Dropped;
            }
            let message = tokio::select! {
                biased;
                _ = sleep_until(renew_at) => return Ended::Renew,
                _ = sleep_until(self.next_heartbeat) => {
                    if self.unanswered {
                        return Ended::Failed(format!(
                            "no answer to the heartbeat within {:?}",
                            self.settings.heartbeat_every
                        ));
                    }
                    if let Err(ended) = self.heartbeat().await {
                        return ended;
                    }
                    self.unanswered = true;
                    continue;
                }
                message = self.socket.next() => message,
            };
            let body = match body_of(message) {
                Err(ended) => return ended,
                Ok(None) => {
                    self.unanswered = false;
                    continue;
                }
                Ok(Some(body)) => body,
            };
            self.unanswered = false;
            match frame::classify(&body) {
                Frame::HeartbeatResponse | Frame::Success => {}
                Frame::TokenExpired => return Ended::TokenExpired,
                Frame::Refused { .. } | Frame::Event => {
                    if let Err(ended) = self.deliver(&body).await {
                        return ended;
                    }
                }
            }
        }
    }

    /// Decodes a frame and queues it, waiting while the queue is full; heartbeats keep going
    /// meanwhile (the socket is not read, so nothing more piles up here).
    /// A frame the PBX sent twice is dropped (see the module's rule).
    async fn deliver(&mut self, body: &[u8]) -> Result<(), Ended> {
        let (item, call) = match E::decode(&RawEvent::body(body)) {
            Ok(event) => {
                let call = event.call_keys().into_iter().next().map(|k| k.value);
                let item = EventItem::Event(Received {
                    event,
                    at: SystemTime::now(),
                    from: Some(self.peer),
                    resends_dropped: 0,
                });
                (item, call)
            }
            Err(error) => {
                let item = EventItem::Malformed {
                    error,
                    raw: body.to_vec(),
                };
                (item, None)
            }
        };
        let key = dedup::key("", "", body);
        if self.window().is_resend(&key, std::time::Instant::now()) {
            tracing::debug!("a frame sent twice: dropped");
            return Ok(());
        }
        let queued = self.queue.queue(item);
        tokio::pin!(queued);
        loop {
            tokio::select! {
                biased;
                result = &mut queued => {
                    result.map_err(|_| Ended::Dropped)?;
                    break;
                }
                _ = sleep_until(self.next_heartbeat) => self.heartbeat().await?,
            }
        }
        // One task per source: nothing was queued between the check and here.
        self.window()
            .record(key, call.as_deref(), std::time::Instant::now());
        Ok(())
    }

    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends `heartbeat` and schedules the next one.
    async fn heartbeat(&mut self) -> Result<(), Ended> {
        self.next_heartbeat = Instant::now() + self.settings.heartbeat_every;
        let within = self.settings.heartbeat_every;
        self.send(Message::text(frame::HEARTBEAT), within).await
    }

    async fn send(&mut self, message: Message, within: Duration) -> Result<(), Ended> {
        match timeout(within, self.socket.send(message)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Ended::Failed(format!("sending failed: {e}"))),
            Err(_) => Err(Ended::Failed(format!(
                "the PBX took no frame within {within:?}"
            ))),
        }
    }
}

/// The body of a text or binary frame; `None` for control frames (tungstenite answers pings
/// itself); the end of the connection as `Ended`.
fn body_of(
    message: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
) -> Result<Option<Bytes>, Ended> {
    match message {
        None => Err(Ended::Failed("the PBX closed the connection".into())),
        Some(Err(e)) => Err(Ended::Failed(format!("the connection failed: {e}"))),
        Some(Ok(Message::Text(text))) => Ok(Some(Bytes::from(text))),
        Some(Ok(Message::Binary(bytes))) => Ok(Some(bytes)),
        Some(Ok(Message::Close(frame))) => Err(Ended::Failed(match frame {
            Some(frame) => format!(
                "the PBX closed the connection ({} {})",
                u16::from(frame.code),
                frame.reason
            ),
            None => "the PBX closed the connection".into(),
        })),
        Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => Ok(None),
    }
}
