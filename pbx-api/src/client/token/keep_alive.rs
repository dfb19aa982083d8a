//! The keep-alive task: a heartbeat (S-Series style) or a refresh shortly before the token
//! expires (P-Series style), while the client lives, with a backoff after failures.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use pbx_wire::session::TokenApi;

use super::{Inner, TokenClient};

impl<A: TokenApi> TokenClient<A> {
    /// One keep-alive: a heartbeat through the normal send path, or a refresh under the login
    /// lock.
    pub(super) async fn keep_alive(&self) -> bool {
        let Some(session) = self.session() else {
            return true;
        };
        if session.grant.refresh.is_some() {
            let _guard = self.inner.login_lock.lock().await;
            if self.inner.closed.load(Ordering::SeqCst) {
                return true;
            }
            if let Err(e) = self.renew_locked().await {
                tracing::warn!(family = A::META.module, error = %e, "session refresh failed");
                return false;
            }
        } else if let Some(request) = A::keep_alive(&self.report(), &session.grant)
            && let Err(e) = self.send(&request).await
        {
            tracing::warn!(family = A::META.module, error = %e, "heartbeat failed");
            return false;
        }
        true
    }

    pub(super) fn start_keep_alive(&self) {
        let Ok(mut slot) = self.inner.heartbeat.lock() else {
            return;
        };
        if slot.as_ref().is_some_and(|task| !task.is_finished()) {
            return;
        }
        let weak: Weak<Inner<A>> = Arc::downgrade(&self.inner);
        *slot = Some(tokio::spawn(async move {
            let mut failures: u32 = 0;
            loop {
                let wait = {
                    let Some(inner) = weak.upgrade() else {
                        break;
                    };
                    let every = inner.heartbeat_every;
                    // Never spin: at least a second between keep-alives (or the configured
                    // interval, if shorter), doubling after each failure up to a minute.
                    let floor = every.min(Duration::from_secs(1));
                    if failures > 0 {
                        let backoff = floor.saturating_mul(2u32.saturating_pow(failures));
                        backoff.min(Duration::from_secs(60))
                    } else {
                        let session = inner.session.read().ok().and_then(|s| s.clone());
                        session
                            .map_or(every, |s| s.next_keep_alive(every))
                            .max(floor)
                    }
                };
                tokio::time::sleep(wait).await;
                let Some(inner) = weak.upgrade() else {
                    break;
                };
                let refused = inner.refused.lock().ok().is_some_and(|r| r.is_some());
                if inner.closed.load(Ordering::SeqCst) || refused {
                    break;
                }
                let alive = TokenClient { inner }.keep_alive().await;
                if alive {
                    failures = 0;
                } else {
                    failures = failures.saturating_add(1);
                }
            }
        }));
    }
}
