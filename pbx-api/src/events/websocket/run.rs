//! The source's task: connect with a token (a fresh one on every reconnect), subscribe, run
//! the connection, and reconnect after it ends, with the connection states queued in between
//! so the consumer knows when events may have been missed.

use std::time::Duration;

use pbx_wire::session::TokenApi;
use tokio::time::Instant;

use super::backoff::Backoff;
use super::connect::Target;
use super::session::{Ended, Session};
use super::settings::Settings;
use crate::client::{AuthKind, Error, Secret, TokenClient};
use crate::events::http::dedup::Window;
use crate::events::{Connection, EventItem, EventQueue, FamilyEvents};

/// What the task works with.
pub(super) struct Source<A: TokenApi, E> {
    pub(super) client: TokenClient<A>,
    pub(super) target: Target,
    pub(super) settings: Settings,
    pub(super) queue: EventQueue<E>,
    /// Frames queued lately, to drop a frame the PBX sent twice (kept across reconnects).
    pub(super) window: std::sync::Mutex<Window>,
}

/// What to do after a connection or an attempt ended.
enum Next {
    /// Try again; `lasted` says whether the connection lasted long enough to count as good.
    Again {
        reason: String,
        why: Why,
        lasted: bool,
    },
    /// Stop: the consumer is gone.
    Stop,
    /// Give up: nothing will change by trying again.
    GiveUp(String),
}

/// Why a connection is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// The token is due for renewal: at once, not a failure.
    Renewal,
    /// The PBX said the token expired: at once the first time, a failure if it happens again
    /// before a connection lasts (a PBX refusing every token is not hammered).
    Expired,
    /// The attempt or the connection failed.
    Failed,
}

impl<A: TokenApi, E: FamilyEvents> Source<A, E> {
    /// Runs until the stream is dropped or the source gives up.
    pub(super) async fn run(self) {
        let mut backoff = Backoff::new(self.settings.backoff_first, self.settings.backoff_cap);
        let mut token: Option<Secret> = None;
        // Reconnect attempts in a row that failed; reset by a connection that lasted.
        let mut failures: u32 = 0;
        // Whether the last connection ended with an expired token and none has lasted since.
        let mut expired_before = false;
        loop {
            let (reason, why, lasted) = match self.once(&mut token).await {
                Next::Stop => return,
                Next::GiveUp(reason) => {
                    let _ = self.state(Connection::GaveUp { reason }).await;
                    return;
                }
                Next::Again {
                    reason,
                    why,
                    lasted,
                } => (reason, why, lasted),
            };
            if !self.state(Connection::Disconnected { reason }).await {
                return;
            }
            if lasted {
                failures = 0;
                expired_before = false;
            }
            let counts = match why {
                Why::Renewal => false,
                Why::Expired => std::mem::replace(&mut expired_before, true),
                Why::Failed => true,
            };
            let delay = if counts {
                failures = failures.saturating_add(1);
                if self.settings.max_attempts.is_some_and(|max| failures > max) {
                    let reason = format!("{} reconnect attempts in a row failed", failures - 1);
                    let _ = self.state(Connection::GaveUp { reason }).await;
                    return;
                }
                backoff.delay(failures)
            } else {
                Duration::ZERO
            };
            let attempt = failures.max(1);
            if !self
                .state(Connection::Reconnecting { attempt, delay })
                .await
            {
                return;
            }
            tokio::time::sleep(delay).await;
            if self.queue.is_closed() {
                return;
            }
        }
    }

    /// One connection: a token, the handshake, the subscription, then the connection's life.
    async fn once(&self, token: &mut Option<Secret>) -> Next {
        let fresh = match token.as_ref() {
            None => self.client.access_token().await,
            Some(stale) => self.client.fresh_access_token(stale).await,
        };
        let current = match fresh {
            Ok(current) => current,
            Err(error) => {
                let reason = format!("no access token: {error}");
                return if gives_up(&error) {
                    Next::GiveUp(reason)
                } else {
                    Next::Again {
                        reason,
                        why: Why::Failed,
                        lasted: false,
                    }
                };
            }
        };
        *token = Some(current.clone());
        let (socket, peer) = match self.target.connect(&current).await {
            Ok(open) => open,
            Err(reason) => {
                return Next::Again {
                    reason,
                    why: Why::Failed,
                    lasted: false,
                };
            }
        };
        let mut session = Session::new(socket, peer, &self.settings, &self.queue, &self.window);
        match session.subscribe(self.target.answer_timeout).await {
            Ok(()) => {}
            Err(ended) => return self.after(ended, false),
        }
        let started = Instant::now();
        if !self.state(Connection::Connected).await {
            return Next::Stop;
        }
        tracing::debug!(
            url = self.target.url_without_token(),
            "event socket subscribed"
        );
        let ended = session.run(started + self.settings.renew_every).await;
        let lasted = started.elapsed() >= self.settings.stable_after;
        self.after(ended, lasted)
    }

    /// What follows a connection that ended as `ended` after having `lasted` long enough
    /// to count as good.
    fn after(&self, ended: Ended, lasted: bool) -> Next {
        tracing::debug!(?ended, lasted, "event socket ended");
        let (reason, why) = match ended {
            Ended::Dropped => return Next::Stop,
            Ended::Renew => (
                "renewing the access token before it expires".to_owned(),
                Why::Renewal,
            ),
            Ended::TokenExpired => (
                "the PBX said the access token expired (errcode 10004)".to_owned(),
                Why::Expired,
            ),
            Ended::Failed(reason) => (reason, Why::Failed),
        };
        Next::Again {
            reason,
            why,
            lasted,
        }
    }

    /// Queues a connection state; `false` once the stream is dropped.
    async fn state(&self, state: Connection) -> bool {
        self.queue.queue(EventItem::State(state)).await.is_ok()
    }
}

/// Errors no retry can mend: the client was closed, or the PBX refused its credentials (the
/// client then refuses to log in again until told, so as not to walk into a lockout).
fn gives_up<C>(error: &Error<C>) -> bool {
    matches!(
        error,
        Error::Closed
            | Error::Auth {
                kind: AuthKind::WrongCredentials | AuthKind::LockedOut,
                ..
            }
    )
}
