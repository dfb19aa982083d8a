//! A grant with its deadlines made absolute: whether the token is still good, whether the
//! refresh token can renew it, and when the next keep-alive is due.

use std::time::{Duration, Instant};

use super::Grant;

/// A grant with its deadlines made absolute.
#[derive(Debug, Clone)]
pub(super) struct Session {
    pub(super) grant: Grant,
    expires_at: Option<Instant>,
    refresh_expires_at: Option<Instant>,
}

impl Session {
    pub(super) fn new(grant: Grant) -> Self {
        let now = Instant::now();
        Session {
            expires_at: grant.expires_in.map(|d| now + d),
            refresh_expires_at: grant.refresh.as_ref().and_then(|(_, d)| d.map(|d| now + d)),
            grant,
        }
    }

    /// Whether the token is still good for a request sent now.
    pub(super) fn usable(&self) -> bool {
        self.expires_at
            .is_none_or(|at| Instant::now() + Duration::from_secs(1) < at)
    }

    /// Whether the refresh token can still renew the session.
    pub(super) fn refreshable(&self) -> bool {
        self.grant.refresh.is_some() && self.refresh_expires_at.is_none_or(|at| Instant::now() < at)
    }

    /// How long to wait before the next keep-alive.
    pub(super) fn next_keep_alive(&self, heartbeat_every: Duration) -> Duration {
        match self.expires_at {
            Some(at) => {
                let life = self.grant.expires_in.unwrap_or_default();
                let margin = (life / 10).min(Duration::from_secs(60));
                at.saturating_duration_since(Instant::now())
                    .saturating_sub(margin)
            }
            None => heartbeat_every,
        }
    }
}
