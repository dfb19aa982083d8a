//! What a WebSocket event source is told, checked once before it starts: the topics, the
//! heartbeat (inside the PBX's 60 s idle limit), reconnect backoff and limits, when to renew
//! the token, and the sizes that bound its memory.

use std::fmt;
use std::time::Duration;

use crate::client::ConfigError;
use crate::events::DEFAULT_QUEUE;

/// The P-Series closes a WebSocket after 60 s without a word from the application
/// (developer guide, "Monitor events via WebSocket"); a heartbeat must come sooner.
pub const IDLE_LIMIT: Duration = Duration::from_secs(60);

/// The source's settings, with their defaults.
#[derive(Debug, Clone)]
pub(super) struct Settings {
    /// The topic ids subscribed on every connection, in the user's order, without repeats.
    pub(super) topics: Vec<u32>,
    /// How often the `heartbeat` frame is sent (30 s).
    pub(super) heartbeat_every: Duration,
    /// The first reconnect delay (100 ms), doubled after each failure up to `backoff_cap`.
    pub(super) backoff_first: Duration,
    /// The longest reconnect delay (30 s).
    pub(super) backoff_cap: Duration,
    /// How many reconnects in a row may fail before the source gives up (`None`: never).
    pub(super) max_attempts: Option<u32>,
    /// A connection that lasted this long resets the backoff and the attempt count (30 s).
    pub(super) stable_after: Duration,
    /// A connection is replaced by one with a fresh token after this long (25 min: the access
    /// token lives 30).
    pub(super) renew_every: Duration,
    /// How many items wait for the consumer before the source stops reading the socket.
    pub(super) queue: usize,
    /// The largest frame accepted; a larger one ends the connection (1 MiB).
    pub(super) max_frame_bytes: usize,
}

impl Settings {
    /// The defaults, for `topics`.
    pub(super) fn new(topics: Vec<u32>) -> Self {
        let mut unique = Vec::with_capacity(topics.len());
        for topic in topics {
            if !unique.contains(&topic) {
                unique.push(topic);
            }
        }
        Settings {
            topics: unique,
            heartbeat_every: Duration::from_secs(30),
            backoff_first: Duration::from_millis(100),
            backoff_cap: Duration::from_secs(30),
            max_attempts: None,
            stable_after: Duration::from_secs(30),
            renew_every: Duration::from_secs(25 * 60),
            queue: DEFAULT_QUEUE,
            max_frame_bytes: 1 << 20,
        }
    }

    /// Refuses what would kill the stream or spin: no topics (a `topic_list` of `[]`
    /// subscribes to nothing), a heartbeat of zero or of 60 s or more, a zero renewal
    /// interval, a zero first backoff or a cap below it, a zero frame size.
    pub(super) fn check(&self) -> Result<(), SourceError> {
        if self.topics.is_empty() {
            return Err(SourceError::NoTopics);
        }
        if self.heartbeat_every.is_zero() || self.heartbeat_every >= IDLE_LIMIT {
            return Err(SourceError::Heartbeat(self.heartbeat_every));
        }
        if self.renew_every.is_zero() {
            return Err(SourceError::RenewEvery);
        }
        if self.backoff_first.is_zero() || self.backoff_cap < self.backoff_first {
            return Err(SourceError::Backoff {
                first: self.backoff_first,
                cap: self.backoff_cap,
            });
        }
        if self.max_frame_bytes == 0 {
            return Err(SourceError::MaxFrame);
        }
        Ok(())
    }

    /// The subscribe frame: `{"topic_list":[30011,30012]}`, always the full list.
    pub(super) fn subscribe_frame(&self) -> String {
        let list: Vec<String> = self.topics.iter().map(u32::to_string).collect();
        format!("{{\"topic_list\":[{}]}}", list.join(","))
    }
}

/// Why a WebSocket event source was not started.
#[derive(Debug)]
#[non_exhaustive]
pub enum SourceError {
    /// No topic to subscribe to. The P-Series takes each `topic_list` frame as the whole
    /// subscription, so an empty one silently ends the events.
    NoTopics,
    /// A heartbeat interval of zero, or of 60 s or more: the PBX closes a socket idle for 60 s.
    Heartbeat(Duration),
    /// A zero token-renewal interval.
    RenewEvery,
    /// A zero first reconnect delay, or a cap below it.
    Backoff {
        /// The first delay given.
        first: Duration,
        /// The cap given.
        cap: Duration,
    },
    /// A zero largest frame size.
    MaxFrame,
    /// The client's base URL gives no WebSocket address (`http://` or `https://`, a host).
    Url(String),
    /// The client's TLS settings (pins, trusted certificates) could not be used.
    Tls(ConfigError),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::NoTopics => f.write_str(
                "no topic to subscribe to: an empty topic_list subscribes to nothing and \
                 silently ends the event stream",
            ),
            SourceError::Heartbeat(every) => write!(
                f,
                "a heartbeat every {every:?} does not keep the socket open: the PBX closes it \
                 after 60 s without a frame; choose more than zero and less than 60 s"
            ),
            SourceError::RenewEvery => f.write_str("the token renewal interval must not be zero"),
            SourceError::Backoff { first, cap } => write!(
                f,
                "reconnect backoff from {first:?} capped at {cap:?}: the first delay must be \
                 above zero and the cap at least the first delay"
            ),
            SourceError::MaxFrame => f.write_str("the largest frame size must not be zero"),
            SourceError::Url(why) => write!(f, "no WebSocket address for the PBX: {why}"),
            SourceError::Tls(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SourceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SourceError::Tls(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_topic_list_without_repeats_is_the_subscribe_frame() {
        let settings = Settings::new(vec![30011, 30012, 30011, 30008]);
        assert_eq!(
            settings.subscribe_frame(),
            r#"{"topic_list":[30011,30012,30008]}"#
        );
        assert!(settings.check().is_ok());
    }

    #[test]
    fn an_empty_topic_list_is_refused() {
        let error = Settings::new(Vec::new()).check();
        assert!(matches!(error, Err(SourceError::NoTopics)), "{error:?}");
    }

    #[test]
    fn heartbeats_at_or_past_the_idle_limit_or_zero_are_refused() {
        for every in [Duration::ZERO, IDLE_LIMIT, Duration::from_secs(90)] {
            let mut settings = Settings::new(vec![30011]);
            settings.heartbeat_every = every;
            assert!(
                matches!(settings.check(), Err(SourceError::Heartbeat(d)) if d == every),
                "{every:?}"
            );
        }
        let mut settings = Settings::new(vec![30011]);
        settings.heartbeat_every = Duration::from_millis(59_999);
        assert!(settings.check().is_ok());
    }

    #[test]
    fn a_backoff_cap_below_the_first_delay_is_refused() {
        let mut settings = Settings::new(vec![30011]);
        settings.backoff_cap = Duration::from_millis(50);
        assert!(matches!(settings.check(), Err(SourceError::Backoff { .. })));
    }
}
