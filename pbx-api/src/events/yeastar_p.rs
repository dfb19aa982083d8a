//! `pbx.events()` for the Yeastar P-Series: a [`WebSocketSource`] on the client's session,
//! subscribed to every topic the family's event specs declare unless told otherwise.

use std::time::Duration;

use crate::client::YeastarPClient;
use crate::yeastar_p::events::Event;

use super::client::{EventsError, EventsHandle, LiveEvents, forward};
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
}
