//! One connection, one request: allow-list, request, signature, resend check, decode, queue,
//! answer, close. The `200` is written only after the item is in the stream; a full stream is
//! `503`, so the PBX keeps the event and resends it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use pbx_wire::event::{FamilyEvents, RawEvent, Transport};
use tokio::io::{AsyncRead, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tracing::Instrument;

use super::body::{self, BodyLimits, Framing};
use super::config::HttpReceiverConfig;
use super::dedup::{self, Window};
use super::input::{Input, ReadError};
use super::request::{self, Head};
use super::response::{self, Reply};
use super::signature::{self, SignatureRefused};
use super::stats::Stats;
use crate::events::{EventItem, EventQueue, QueueRefused, Received};

/// How long writing the answer may take.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// After an answer sent before the request was read whole: how long, and how many bytes,
/// the rest is read and dropped, so that closing does not reset the connection before the
/// peer has read the answer.
const LINGER: Duration = Duration::from_millis(500);
const LINGER_BYTES: usize = 256 * 1024;

/// What every connection of one receiver shares.
pub(crate) struct Shared<E> {
    pub config: HttpReceiverConfig,
    pub queue: EventQueue<E>,
    pub window: Mutex<Window>,
    pub stats: Arc<Stats>,
}

/// Serves one connection.
pub(crate) async fn serve<E: FamilyEvents>(
    mut tcp: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared<E>>,
) {
    let span = tracing::debug_span!(
        "event_request",
        %peer,
        path = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    async move {
        let (read, mut write) = tcp.split();
        let mut input = Input::new(read);
        let (reply, read_whole) = if shared.config.allowed.allows(peer.ip()) {
            match read_request(&mut input, &mut write, &shared.config).await {
                Err(ReadError::Closed) => return,
                Err(e) => {
                    Stats::bump(&shared.stats.refused_request);
                    tracing::debug!(error = ?e, "request not read");
                    let reply = match e {
                        ReadError::Malformed(why) => Reply::error_saying(400, why),
                        _ => Reply::error(status_of(&e)),
                    };
                    (reply, false)
                }
                Ok((head, body)) => {
                    tracing::Span::current().record("path", head.path.as_str());
                    (answer(&shared, &head, body, peer), true)
                }
            }
        } else {
            Stats::bump(&shared.stats.forbidden);
            tracing::warn!("refused: not an allowed source of events");
            (Reply::error(403), false)
        };
        tracing::Span::current().record("status", reply.status);
        if let Err(e) = response::send(&mut write, reply, WRITE_TIMEOUT).await {
            tracing::debug!(error = %e, "answer not written");
        }
        if !read_whole {
            linger(&mut input).await;
        }
    }
    .instrument(span)
    .await
}

/// Reads the request line, headers and body under the configured timeouts and caps.
async fn read_request<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    write: &mut tokio::net::tcp::WriteHalf<'_>,
    config: &HttpReceiverConfig,
) -> Result<(Head, Vec<u8>), ReadError> {
    let head_deadline = Instant::now() + config.header_timeout;
    let head = request::read_head(input, config.max_head, head_deadline).await?;
    let framing = body::framing(&head)?;
    let wants_body = match framing {
        Framing::Length(n) => n > 0 && n <= config.max_body,
        Framing::Chunked => true,
        Framing::Unframed | Framing::Empty => false,
    };
    let expects = head
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    if wants_body && expects && input.pending().is_empty() {
        // Best effort: a peer that cannot read it sends the body anyway.
        let _ = write.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await;
    }
    let limits = BodyLimits {
        max_body: config.max_body,
        deadline: Instant::now() + config.body_timeout,
        unframed_idle: config.unframed_idle,
    };
    let body = body::read_body(input, framing, limits).await?;
    Ok((head, body))
}

/// The answer to a request read whole; queues its event when it is one.
fn answer<E: FamilyEvents>(
    shared: &Shared<E>,
    head: &Head,
    body: Vec<u8>,
    peer: SocketAddr,
) -> Reply {
    if head.method != "GET" && head.method != "POST" {
        Stats::bump(&shared.stats.refused_request);
        return Reply::error(405);
    }
    if let Some(auth) = &shared.config.webhook
        && let Err(refused) = signature::check(auth, head, &body)
    {
        Stats::bump(&shared.stats.unauthorized);
        match refused {
            SignatureRefused::Missing => tracing::warn!("refused: no X-Signature"),
            SignatureRefused::Wrong => tracing::warn!("refused: X-Signature does not match"),
        }
        return Reply::error(401);
    }
    let key = dedup::key(&head.path, &head.query, &body);
    let raw = RawEvent {
        body: &body,
        path: &head.path,
        query: &head.query,
    };
    let (item, call) = match E::decode(&raw) {
        Ok(event) => {
            let call = event.call_keys().into_iter().next().map(|k| k.value);
            tracing::debug!(event = event.name(), "event received");
            let received = Received {
                event,
                at: SystemTime::now(),
                from: Some(peer),
                resends_dropped: 0,
            };
            (EventItem::Event(received), call)
        }
        Err(error) => {
            tracing::warn!(%error, "a body that is not an event: kept as malformed");
            let raw = if body.is_empty() {
                head.query.as_bytes().to_vec()
            } else {
                body.clone()
            };
            (EventItem::Malformed { error, raw }, None)
        }
    };
    let malformed = matches!(item, EventItem::Malformed { .. });
    let now = std::time::Instant::now();
    // One lock around the check and the queueing: two copies arriving at once are one event.
    let mut window = shared.window.lock().unwrap_or_else(|p| p.into_inner());
    if window.is_resend(&key, now) {
        Stats::bump(&shared.stats.resends_dropped);
        tracing::debug!("a resend: answered, not queued again");
        return ok_reply::<E>();
    }
    match shared.queue.try_queue(item) {
        Ok(()) => {
            window.record(key, call.as_deref(), now);
            Stats::bump(&shared.stats.queued);
            if malformed {
                Stats::bump(&shared.stats.malformed);
            }
            ok_reply::<E>()
        }
        Err(refused) => {
            Stats::bump(&shared.stats.refused_full);
            match refused {
                QueueRefused::Full => {
                    tracing::warn!("event stream full: answered 503, the PBX will resend")
                }
                QueueRefused::Closed => tracing::debug!("event stream dropped: answered 503"),
            }
            Reply::error(503)
        }
    }
}

/// `200`, with the empty XML Switchvox triggers expect.
fn ok_reply<E: FamilyEvents>() -> Reply {
    if E::TRANSPORT == Transport::UrlTrigger {
        Reply::OK_XML
    } else {
        Reply::OK
    }
}

/// The status a read error is answered with.
fn status_of(error: &ReadError) -> u16 {
    match error {
        ReadError::Timeout => 408,
        ReadError::HeadTooLarge => 431,
        ReadError::BodyTooLarge => 413,
        ReadError::Unsupported => 501,
        ReadError::Closed | ReadError::Malformed(_) => 400,
    }
}

/// Reads and drops what the peer still sends, briefly.
async fn linger<S: AsyncRead + Unpin>(input: &mut Input<S>) {
    let deadline = Instant::now() + LINGER;
    let mut dropped = 0usize;
    while dropped < LINGER_BYTES {
        match input.fill(deadline).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                dropped += n;
                input.take_pending();
            }
        }
    }
}
