//! The keep-alive task: a heartbeat (S-Series style) or a refresh shortly before the token
//! expires (P-Series style), while the client lives, with a backoff after failures.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use pbx_wire::session::TokenApi;

use super::{Inner, TokenClient};

impl<A: TokenApi> TokenClient<A> {
    /// One keep-alive: a heartbeat through the normal send path, or a refresh under the login
    /// lock; why it failed, if it did.
    pub(super) async fn keep_alive(&self) -> Result<(), String> {
        let Some(session) = self.session() else {
            return Ok(());
        };
        if session.grant.refresh.is_some() {
            let _guard = self.inner.login_lock.lock().await;
            if self.inner.closed.load(Ordering::SeqCst) {
                return Ok(());
            }
            if let Err(e) = self.renew_locked().await {
                tracing::warn!(family = A::META.module, error = %e, "session refresh failed");
                return Err(format!("session refresh failed: {e}"));
            }
        } else if let Some(request) = A::keep_alive(&self.report(), &session.grant)
            && let Err(e) = self.send(&request).await
        {
            tracing::warn!(family = A::META.module, error = %e, "heartbeat failed");
            return Err(format!("heartbeat failed: {e}"));
        }
        Ok(())
    }

    /// Watches the keep-alives: why the last one failed, or `None` once one works again
    /// (read by the report families' event sources).
    #[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
    pub(crate) fn keep_alive_failures(&self) -> tokio::sync::watch::Receiver<Option<String>> {
        self.inner.keep_alive_failed.subscribe()
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
                let client = TokenClient { inner };
                let outcome = client.keep_alive().await;
                failures = match outcome {
                    Ok(()) => 0,
                    Err(_) => failures.saturating_add(1),
                };
                // Told only on a change: a first failure, or the first success after some.
                let now = outcome.err();
                client.inner.keep_alive_failed.send_if_modified(|last| {
                    let changed = last.is_some() != now.is_some();
                    if changed {
                        *last = now;
                    }
                    changed
                });
            }
        }));
    }
}
