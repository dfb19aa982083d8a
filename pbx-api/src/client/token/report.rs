//! The report target an event receiver needs: read, moved to the port the receiver bound,
//! and told to the PBX (a heartbeat when a session is open, else the next login); and what
//! the login adds for the receiver's preferred report format (`version`).

use pbx_wire::Endpoint;
use pbx_wire::session::TokenApi;

use super::local_ip::local_ip_towards;
use super::{Result, TokenClient};
use crate::client::error::Error;
use pbx_wire::session::ReportTarget;

/// A change to the login request, for the event receiver: `apply(login, value)`, with the
/// value it is given (the report `version` a family's decoder prefers).
#[cfg_attr(
    not(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2")),
    allow(dead_code)
)]
pub(crate) struct LoginPatch<A: TokenApi> {
    /// Sets the value on the family's login request.
    pub apply: fn(A::Login, &'static str) -> A::Login,
    /// The value.
    pub value: &'static str,
}

impl<A: TokenApi> Clone for LoginPatch<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: TokenApi> Copy for LoginPatch<A> {}

impl<A: TokenApi> std::fmt::Debug for LoginPatch<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginPatch")
            .field("value", &self.value)
            .finish_non_exhaustive()
    }
}

impl<A: TokenApi> TokenClient<A> {
    /// Where the PBX is told to send event reports (login `port`, heartbeat `ipaddr` and
    /// `port`): [`TokenClientBuilder::report_to`](super::TokenClientBuilder::report_to), or
    /// the local address towards the PBX and port 8260; an event receiver bound on another
    /// port moves it there.
    pub fn report_target(&self) -> ReportTarget {
        self.report()
    }

    pub(super) fn report(&self) -> ReportTarget {
        match self.inner.report.read() {
            Ok(report) => report.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// What the report families' `events()` call (`events/reports.rs`).
#[cfg_attr(
    not(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2")),
    allow(dead_code)
)]
impl<A: TokenApi> TokenClient<A> {
    /// Moves the report target (the next login or heartbeat names it).
    pub(crate) fn set_report_target(&self, target: ReportTarget) {
        match self.inner.report.write() {
            Ok(mut report) => *report = target,
            Err(poisoned) => *poisoned.into_inner() = target,
        }
    }

    /// Has every later login carry `patch` (the report `version`).
    pub(crate) fn set_login_patch(&self, patch: LoginPatch<A>) {
        if let Ok(mut slot) = self.inner.login_patch.write() {
            *slot = Some(patch);
        }
    }

    /// The login request with the patch applied, if one was set.
    pub(super) fn patch_login(&self, login: A::Login) -> A::Login {
        let patch = self.inner.login_patch.read().ok().and_then(|p| *p);
        match patch {
            Some(patch) => (patch.apply)(login, patch.value),
            None => login,
        }
    }

    /// Tells the PBX the current report target: a heartbeat naming it (`ipaddr`, `port`) when
    /// a session is open, else a login, whose `port` names it, on the address the login came
    /// from; a heartbeat follows when the target's address is another one. `Ok(true)` when a
    /// heartbeat was sent.
    pub(crate) async fn register_report_target(&self) -> Result<bool, A> {
        let session = match self.session().filter(|s| s.usable()) {
            Some(session) => session,
            None => {
                self.login().await?;
                let from = local_ip_towards(&self.inner.transport.config.base_url);
                let same = self
                    .report()
                    .ip
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip == from);
                match self.session() {
                    Some(session) if !same => session,
                    _ => return Ok(false),
                }
            }
        };
        let Some(heartbeat) = A::keep_alive(&self.report(), &session.grant) else {
            return Err(Error::InvalidRequest {
                endpoint: A::KeepAlive::META,
                source: pbx_wire::InvalidRequest::new(
                    "port",
                    "this family's keep-alive names no report target",
                ),
            });
        };
        self.send(&heartbeat).await?;
        Ok(true)
    }
}
