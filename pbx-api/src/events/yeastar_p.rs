//! `pbx.events()` for the Yeastar P-Series: a [`WebSocketSource`] on the client's session,
//! subscribed to every topic the family's event specs declare unless told otherwise; or the
//! newer webhook push (`webhook_events`), received by an [`HttpReceiver`] that checks each
//! request's `X-Signature`.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use pbx_wire::session::Secret;

use crate::client::YeastarPClient;
use crate::yeastar_p::events::Event;

use super::client::{EventsError, EventsHandle, LiveEvents, forward, pbx_addresses};
use super::http::{AllowedSources, HttpReceiver, HttpReceiverConfig, WebhookAuth};
use super::{Connection, EventItem, FamilyEvents, WebSocketSource, queue};

/// How long `events()` waits for the first subscription before it returns anyway (the
/// stream then shows the source's reconnect states).
pub const SUBSCRIBE_WAIT: Duration = Duration::from_secs(10);

/// Every topic the P-Series event specs declare (`type` ids such as 30011 call status, 30012
/// new CDR), in spec order.
pub fn yeastar_p_topics() -> Vec<u32> {
    Event::EVENTS
        .iter()
        .filter_map(|e| e.name.parse().ok())
        .collect()
}

type Failed = EventsError<crate::yeastar_p::ErrorCode>;

impl YeastarPClient {
    /// Logs in (so wrong credentials fail here, not in a reconnect loop) and subscribes to
    /// every declared topic ([`yeastar_p_topics`]) with the WebSocket source's defaults.
    pub async fn events(&self) -> Result<LiveEvents<Event>, Failed> {
        self.events_from(WebSocketSource::new(self.clone(), yeastar_p_topics()))
            .await
    }

    /// [`events`](Self::events) with a source set up by hand: topics, heartbeat, backoff
    /// (`WebSocketSource::new(pbx.clone(), [30011, 30012]).heartbeat_every(..)`). Returns
    /// once subscribed (the stream's `Connected`; at most [`SUBSCRIBE_WAIT`]), so a call
    /// placed next has all its events; [`EventsHandle::stop`] ends the stream after a last
    /// `Disconnected`.
    pub async fn events_from(
        &self,
        source: WebSocketSource<crate::yeastar_p::Api>,
    ) -> Result<LiveEvents<Event>, Failed> {
        self.login().await.map_err(EventsError::Client)?;
        let mut from = source.start::<Event>().map_err(EventsError::Source)?;
        // The states before the subscription, `Connected` last, are the stream's first items.
        let mut early = Vec::new();
        let subscribed = async {
            while let Some(item) = from.next().await {
                let done = matches!(
                    item,
                    EventItem::State(Connection::Connected | Connection::GaveUp { .. })
                );
                early.push(item);
                if done {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(SUBSCRIBE_WAIT, subscribed).await;
        // Room for those, then the forwarding task hands items over a few at a time.
        let (to, stream) = queue(early.len().max(2));
        for item in early {
            let _ = to.try_queue(item);
        }
        let mut handle = EventsHandle::new(None, None);
        let task = tokio::spawn(forward(from, to, handle.stop_signal(), (), None));
        handle.set_task(task);
        Ok(LiveEvents::new(handle, stream))
    }

    /// Receives the PBX's webhook pushes (set up in its web portal: the URL of `listen`, the
    /// events, and the secret it generates) on `listen`. Each request must carry a valid
    /// `X-Signature` for `secret` (HMAC-SHA256 of the raw body; `401` and nothing queued
    /// otherwise) and come from the PBX's address (the base URL's host, resolved); for a cloud
    /// PBX that pushes from other addresses, pass `AllowedSources::Any` to
    /// [`webhook_events_on`](Self::webhook_events_on). No session is needed: the PBX pushes
    /// whether or not this client logged in. The stream starts with `Listening`.
    pub async fn webhook_events(
        &self,
        listen: SocketAddr,
        secret: Secret,
    ) -> Result<LiveEvents<Event>, Failed> {
        let pbx = pbx_addresses(&self.config().base_url)
            .await
            .map_err(EventsError::PbxAddress)?;
        let mut config = HttpReceiverConfig::new(listen, IpAddr::from([0, 0, 0, 0]));
        config.allowed = AllowedSources::Only(pbx);
        config.webhook = Some(WebhookAuth::new(secret));
        self.webhook_events_on(config).await
    }

    /// [`webhook_events`](Self::webhook_events) with the receiver's settings given whole (set
    /// `webhook` to check signatures: without it, anyone the allow-list admits is believed).
    pub async fn webhook_events_on(
        &self,
        config: HttpReceiverConfig,
    ) -> Result<LiveEvents<Event>, Failed> {
        let addr = config.addr;
        let (receiver, stream) = HttpReceiver::bind::<Event>(config)
            .await
            .map_err(|source| EventsError::Bind { addr, source })?;
        Ok(LiveEvents::new(
            EventsHandle::new(Some(receiver), None),
            stream,
        ))
    }
}
