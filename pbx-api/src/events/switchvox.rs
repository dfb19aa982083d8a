//! `pbx.events()` for Switchvox: polling `currentCalls.getList` (`poll.rs`; needs nothing set
//! up on the PBX), or receiving URL-manager triggers ([`SwitchvoxClient::trigger_events`]),
//! which an administrator points at the receiver, one URL per event (Admin > System Setup >
//! URL Manager; [`trigger_url`] gives the one the event specs recommend).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use super::client::{EventsError, EventsHandle, LiveEvents, pbx_addresses};
use super::http::{HttpReceiver, HttpReceiverConfig};
use super::{poll, queue};
use crate::client::SwitchvoxClient;
use crate::switchvox::events::Event;

pub use super::poll::DEFAULT_POLL_EVERY;

/// Each trigger event's recommended query, as its spec file's `doc` gives the URL
/// (`specs/switchvox/events/<event>.toml`; a test checks they agree): the variable names
/// themselves as keys, so that the typed fields read them.
pub const TRIGGER_QUERIES: &[(&str, &str)] = &[
    (
        "agent_logged_in",
        "QUEUES=%QUEUES%&CALLER_ID_NAME=%CALLER_ID_NAME%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
    (
        "agent_logged_out",
        "QUEUES=%QUEUES%&CALLER_ID_NAME=%CALLER_ID_NAME%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
    (
        "call_answered",
        "CALLER_ID_NAME=%CALLER_ID_NAME%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
    (
        "call_hangup",
        "CALLER_ID_NAME=%CALLER_ID_NAME%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
    (
        "checked_voicemail",
        "VM_MAILBOX=%VM_MAILBOX%&EVENT_TYPE=%EVENT_TYPE%",
    ),
    (
        "incoming_call",
        "CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&CALLER_ID_NAME=%CALLER_ID_NAME%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&FEATURE_DATA=%FEATURE_DATA%&INCOMING_DID=%INCOMING_DID%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
    (
        "new_voicemail",
        "VM_DUR=%VM_DUR%&VM_MSGNUM=%VM_MSGNUM%&VM_MAILBOX=%VM_MAILBOX%&CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&CALLER_ID_NAME=%CALLER_ID_NAME%&VM_DATE=%VM_DATE%&EVENT_TYPE=%EVENT_TYPE%",
    ),
    (
        "outgoing_call",
        "CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&CALLER_ID_NAME=%CALLER_ID_NAME%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&FEATURE_DATA=%FEATURE_DATA%&INCOMING_DID=%INCOMING_DID%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
    (
        "route_to_extension",
        "CALLER_ID_NUMBER=%CALLER_ID_NUMBER%&CALLER_ID_NAME=%CALLER_ID_NAME%&EXTENSION=%EXTENSION%&EXTENSION_TYPE=%EXTENSION_TYPE%&FEATURE_DATA=%FEATURE_DATA%&INCOMING_DID=%INCOMING_DID%&EVENT_TYPE=%EVENT_TYPE%&JOB_ID=%JOB_ID%",
    ),
];

/// The URL to set for `event` in the URL Manager, for a receiver reachable at `receiver`
/// (`http://192.168.5.20:8270`): `http://192.168.5.20:8270/<event>?<recommended query>`.
/// `None` for an event no spec declares.
pub fn trigger_url(receiver: &str, event: &str) -> Option<String> {
    let (_, query) = TRIGGER_QUERIES.iter().find(|(name, _)| *name == event)?;
    Some(format!(
        "{}/{event}?{query}",
        receiver.trim_end_matches('/')
    ))
}

type Failed = EventsError<crate::switchvox::ErrorCode>;

impl SwitchvoxClient {
    /// The calls' events by polling `currentCalls.getList` every [`DEFAULT_POLL_EVERY`]; see
    /// [`poll_events`](Self::poll_events).
    pub async fn events(&self) -> Result<LiveEvents<Event>, Failed> {
        self.poll_events(DEFAULT_POLL_EVERY).await
    }

    /// Polls `currentCalls.getList` every `every` (at least 10 ms) and queues the trigger
    /// events its changes are (`outgoing_call`, `call_answered`, `call_hangup`; the mapping
    /// is in the `poll` module's documentation). The first poll is made here, so a refused
    /// login fails now; the stream starts with `Connected`.
    pub async fn poll_events(&self, every: Duration) -> Result<LiveEvents<Event>, Failed> {
        let every = every.max(Duration::from_millis(10));
        let first = poll::listed(self).await.map_err(EventsError::Client)?;
        let (to, stream) = queue(super::DEFAULT_QUEUE);
        let _ = to.try_queue(super::EventItem::State(super::Connection::Connected));
        let mut handle = EventsHandle::new(None, None);
        let task = tokio::spawn(poll::run(
            self.clone(),
            every,
            first,
            to,
            handle.stop_signal(),
        ));
        handle.set_task(task);
        Ok(LiveEvents::new(handle, stream))
    }

    /// Receives URL-manager triggers on `listen`, from the PBX's address only (the base URL's
    /// host, resolved); the URLs to set are [`trigger_url`]'s. The stream starts with
    /// `Listening`.
    pub async fn trigger_events(&self, listen: SocketAddr) -> Result<LiveEvents<Event>, Failed> {
        let pbx = pbx_addresses(&self.config().base_url)
            .await
            .map_err(EventsError::PbxAddress)?;
        let mut config = HttpReceiverConfig::new(listen, IpAddr::from([0, 0, 0, 0]));
        config.allowed = super::http::AllowedSources::Only(pbx);
        self.trigger_events_on(config).await
    }

    /// [`trigger_events`](Self::trigger_events) with the receiver's settings given whole.
    pub async fn trigger_events_on(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queries_are_the_event_specs_recommended_urls() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/switchvox/events");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).expect("the spec folder") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("a spec file");
            let event = path.file_stem().and_then(|s| s.to_str()).expect("a name");
            let url = trigger_url("http://<receiver>", event)
                .unwrap_or_else(|| panic!("no query for {event}"));
            assert!(text.contains(&format!("`{url}`")), "{event}: {url}");
            files += 1;
        }
        assert_eq!(files, TRIGGER_QUERIES.len());
        assert_eq!(trigger_url("http://h:1/", "nope"), None);
    }
}
