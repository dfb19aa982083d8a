//! What `pbx.events()` returns on every family's client: [`LiveEvents`], the family's typed
//! stream together with an [`EventsHandle`] that reports where it listens and stops it, and
//! [`EventsError`], why it could not start. The per-family glue is in `reports.rs` (HTTP
//! reports), `yeastar_p.rs` (the WebSocket) and `switchvox.rs` (triggers and polling).

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::http::{HttpReceiver, ReceiverStats};
use super::websocket::SourceError;
use super::{CallLimits, Connection, EventItem, EventQueue, EventStream, FamilyEvents, PerCall};
use crate::client::Error;

/// How often a forwarding task looks whether the consumer dropped its stream.
const CLOSED_POLL: Duration = Duration::from_millis(50);

/// A family's events as `pbx.events()` starts them: read it with [`LiveEvents::next`] (or as
/// a `futures_core::Stream`). The first items are connection states (`Listening` for
/// receivers, then `Connected` once the PBX was told where to send); the source stops when
/// this is dropped or [`EventsHandle::stop`] is called.
#[derive(Debug)]
pub struct LiveEvents<E> {
    handle: EventsHandle,
    stream: EventStream<E>,
}

impl<E> LiveEvents<E> {
    pub(crate) fn new(handle: EventsHandle, stream: EventStream<E>) -> Self {
        LiveEvents { handle, stream }
    }

    /// The next item; `None` once the source has stopped and every item was read.
    pub async fn next(&mut self) -> Option<EventItem<E>> {
        self.stream.next().await
    }

    /// The handle: the receiver's address and counters, and `stop`.
    pub fn handle(&self) -> &EventsHandle {
        &self.handle
    }

    /// The handle and the stream apart (the source runs while the stream lives; dropping the
    /// handle does not stop it).
    pub fn into_parts(self) -> (EventsHandle, EventStream<E>) {
        (self.handle, self.stream)
    }

    /// The per-call view of these events ([`PerCall`]), and the handle.
    pub fn per_call(self, limits: CallLimits) -> (EventsHandle, PerCall<E>)
    where
        E: FamilyEvents,
    {
        (self.handle, PerCall::new(self.stream, limits))
    }
}

impl<E> futures_core::Stream for LiveEvents<E> {
    type Item = EventItem<E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().stream).poll_next(cx)
    }
}

/// Controls a running event source: where it listens, its counters, and a bounded stop.
#[derive(Debug)]
pub struct EventsHandle {
    receiver: Option<HttpReceiver>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl EventsHandle {
    pub(crate) fn new(receiver: Option<HttpReceiver>, task: Option<JoinHandle<()>>) -> Self {
        let (stop, _) = watch::channel(false);
        EventsHandle {
            receiver,
            stop,
            task,
        }
    }

    /// A stop signal for the source's own task, read with [`stop_requested`].
    pub(crate) fn stop_signal(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    pub(crate) fn set_task(&mut self, task: JoinHandle<()>) {
        self.task = Some(task);
    }

    /// The address the HTTP receiver is bound to (reports, triggers); `None` for the
    /// WebSocket and the polling source, which listen on nothing.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.receiver.as_ref().map(HttpReceiver::local_addr)
    }

    /// The HTTP receiver's counters (resends dropped, requests refused...), where there is one.
    pub fn stats(&self) -> Option<ReceiverStats> {
        self.receiver.as_ref().map(HttpReceiver::stats)
    }

    /// Stops the source: a receiver stops accepting (requests being read are finished), a
    /// WebSocket or polling source stops. The stream ends after a last `Disconnected` item.
    pub fn stop(&self) {
        if let Some(receiver) = &self.receiver {
            receiver.shutdown();
        }
        let _ = self.stop.send(true);
    }

    /// [`stop`](Self::stop), then waits at most `within` for the source to end; whether it did.
    pub async fn stopped(self, within: Duration) -> bool {
        self.stop();
        let wait = async {
            if let Some(receiver) = self.receiver {
                receiver.stopped().await;
            }
            if let Some(task) = self.task {
                let _ = task.await;
            }
        };
        tokio::time::timeout(within, wait).await.is_ok()
    }
}

/// Resolves once `stop` is set, or its handle is gone and `queue`'s stream was dropped.
pub(crate) async fn stop_requested<E>(stop: &mut watch::Receiver<bool>, queue: &EventQueue<E>) {
    let mut handle_gone = false;
    loop {
        if *stop.borrow() || queue.is_closed() {
            return;
        }
        tokio::select! {
            changed = stop.changed(), if !handle_gone => handle_gone = changed.is_err(),
            () = tokio::time::sleep(CLOSED_POLL) => {}
        }
    }
}

/// Moves `from`'s items to `to`, in order, until `from` ends, `to`'s stream is dropped, or
/// `stop` is set (then `to` gets a last `Disconnected`). `keep` lives as long as the task
/// (the client whose session the source needs). With `registration` (report families: the
/// client's keep-alives), a failed keep-alive puts `Disconnected` in the stream (the PBX may
/// have dropped the report target, so reports may be lost) and the next one that works
/// `Connected`.
pub(crate) async fn forward<E, K: Send>(
    mut from: EventStream<E>,
    to: EventQueue<E>,
    mut stop: watch::Receiver<bool>,
    keep: K,
    mut registration: Option<watch::Receiver<Option<String>>>,
) {
    let _keep = keep;
    loop {
        let changed = async {
            match registration.as_mut() {
                Some(watching) => watching.changed().await.is_ok(),
                None => std::future::pending().await,
            }
        };
        let item = tokio::select! {
            biased;
            () = stop_requested(&mut stop, &to) => break,
            item = from.next() => item,
            alive = changed => {
                let Some(watching) = registration.as_mut().filter(|_| alive) else {
                    // The client is gone: nothing more to watch.
                    registration = None;
                    continue;
                };
                let failed = watching.borrow_and_update().clone();
                Some(EventItem::State(match failed {
                    Some(reason) => Connection::Disconnected { reason },
                    None => Connection::Connected,
                }))
            }
        };
        let Some(item) = item else {
            return;
        };
        tokio::select! {
            biased;
            () = stop_requested(&mut stop, &to) => break,
            queued = to.queue(item) => if queued.is_err() { return },
        }
    }
    drop(from);
    let _ = to.try_queue(EventItem::State(Connection::Disconnected {
        reason: "the event source was stopped".to_owned(),
    }));
}

/// Why `pbx.events()` did not start. `C` is the family's error-code type.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventsError<C> {
    /// The client's request that registers the receiver (login, heartbeat) or the first
    /// poll failed.
    Client(Error<C>),
    /// The receiver could not listen on `addr` (in use, not this machine's address).
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The system's reason.
        source: io::Error,
    },
    /// The PBX's address, which the receiver accepts reports from, is not known: the base
    /// URL's host did not resolve. Give the receiver's allow-list yourself then.
    PbxAddress(String),
    /// The WebSocket source refused its settings.
    Source(SourceError),
}

impl<C: pbx_wire::ErrorCode> fmt::Display for EventsError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventsError::Client(e) => write!(f, "the PBX was not told where to send events: {e}"),
            EventsError::Bind { addr, source } => {
                write!(f, "the event receiver cannot listen on {addr}: {source}")
            }
            EventsError::PbxAddress(why) => write!(f, "the PBX's address is not known: {why}"),
            EventsError::Source(e) => write!(f, "{e}"),
        }
    }
}

impl<C: pbx_wire::ErrorCode> std::error::Error for EventsError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventsError::Client(e) => Some(e),
            EventsError::Bind { source, .. } => Some(source),
            EventsError::Source(e) => Some(e),
            EventsError::PbxAddress(_) => None,
        }
    }
}

/// The addresses of the PBX a base URL names (`http://host:port/...`): the literal address,
/// or what the host name resolves to. Reports are accepted from these only by default.
pub(crate) async fn pbx_addresses(base_url: &str) -> Result<Vec<IpAddr>, String> {
    let (host, port) = host_and_port(base_url)
        .ok_or_else(|| format!("the base URL `{base_url}` names no host"))?;
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    let found = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| format!("`{host}` did not resolve: {e}"))?;
    let mut ips: Vec<IpAddr> = Vec::new();
    for addr in found {
        if !ips.contains(&addr.ip()) {
            ips.push(addr.ip());
        }
    }
    if ips.is_empty() {
        return Err(format!("`{host}` resolved to no address"));
    }
    Ok(ips)
}

/// The host (without IPv6 brackets) and port of a base URL; the scheme's port when none.
fn host_and_port(base_url: &str) -> Option<(&str, u16)> {
    let (scheme, rest) = base_url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let default = if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, tail) = v6.split_once(']')?;
        (host, tail.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => default,
    };
    (!host.is_empty()).then_some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_give_host_and_port() {
        assert_eq!(
            host_and_port("http://192.168.5.150:8088"),
            Some(("192.168.5.150", 8088))
        );
        assert_eq!(
            host_and_port("https://pbx.example"),
            Some(("pbx.example", 443))
        );
        assert_eq!(host_and_port("http://[::1]:9/api"), Some(("::1", 9)));
        assert_eq!(host_and_port("http://u@10.0.0.1/x"), Some(("10.0.0.1", 80)));
        assert_eq!(host_and_port("http://:80"), None);
        assert_eq!(host_and_port("10.0.0.1"), None);
        assert_eq!(host_and_port("http://h:port"), None);
    }

    #[tokio::test]
    async fn literal_addresses_are_not_looked_up() {
        let ips = pbx_addresses("http://127.0.0.1:1").await;
        assert_eq!(ips, Ok(vec![IpAddr::from([127, 0, 0, 1])]));
        assert!(pbx_addresses("not a url").await.is_err());
    }
}
