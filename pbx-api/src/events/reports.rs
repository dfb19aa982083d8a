//! `pbx.events()` for the families whose PBX posts HTTP reports (OpenVox, Yeastar S-Series and
//! API 2.0): an [`HttpReceiver`] on the session's report target, and the PBX told to send
//! there.
//!
//! The login names the report port (`port`) and, once `events()` was called, the report
//! format the family's decoder prefers (`version`, [`ReportFamily::REPORT_VERSION`]). When
//! the receiver binds another port than the client registered (port 0 picks a free one), the
//! target moves there: the login names it if none happened yet (the PBX posts to the address
//! the login came from; a `heartbeat` follows when the target's address is another), else a
//! `heartbeat` with `ipaddr` and `port` re-points the open session (XS `api-xin-tiao-bao.md`;
//! `https://help.yeastar.com/en/s-series-developer/api/heartbeat_packet.html`). A session
//! opened before `events()` keeps the format it was opened with: for API 2.0 that is v1.0.0
//! `action` reports, which the decoder takes as `Event::V1`.
//!
//! The session's keep-alives are watched: a heartbeat that fails puts
//! [`Connection::Disconnected`] in the stream (the PBX may have dropped the target, and its
//! reports with it), and the next one that works [`Connection::Connected`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use pbx_wire::session::{ReportTarget, TokenApi};

use super::client::{EventsError, EventsHandle, LiveEvents, forward, pbx_addresses};
use super::http::{AllowedSources, HttpReceiver, HttpReceiverConfig};
use super::{Connection, EventItem, FamilyEvents, queue};
use crate::client::LoginPatch;
use crate::client::TokenClient;

/// A token family whose PBX posts HTTP reports to the report target the session names.
pub trait ReportFamily: TokenApi {
    /// The family's generated event enum.
    type Event: FamilyEvents;
    /// The login's `version` that asks for the format the decoder prefers.
    const REPORT_VERSION: &'static str;
    /// The login request with `version` set.
    fn with_report_version(login: Self::Login, version: &'static str) -> Self::Login;
}

/// OpenVox: `1.0.2` "fixes reports that are not valid JSON" (XS `api-yan-zheng/deng-lu.md`).
#[cfg(feature = "openvox")]
impl ReportFamily for crate::openvox::Api {
    type Event = crate::openvox::events::Event;
    const REPORT_VERSION: &'static str = "1.0.2";
    fn with_report_version(login: Self::Login, version: &'static str) -> Self::Login {
        login.version(version)
    }
}

/// S-Series v1: `1.0.2`, the one `version` value its login spec declares (documented by
/// OpenVox, whose API this is; unverified on Yeastar's pages): one `ext` per report instead
/// of the key repeated. The decoder takes both.
#[cfg(feature = "yeastar-s")]
impl ReportFamily for crate::yeastar_s::Api {
    type Event = crate::yeastar_s::events::Event;
    const REPORT_VERSION: &'static str = "1.0.2";
    fn with_report_version(login: Self::Login, version: &'static str) -> Self::Login {
        login.version(version)
    }
}

/// API 2.0: `2.0.0` (the login example of the API 2.0 guide); without it the PBX "will send
/// events in version 1.0.0" (vendors.md A3a), which the decoder takes as `Event::V1`.
#[cfg(feature = "yeastar-v2")]
impl ReportFamily for crate::yeastar_v2::Api {
    type Event = crate::yeastar_v2::events::Event;
    const REPORT_VERSION: &'static str = "2.0.0";
    fn with_report_version(login: Self::Login, version: &'static str) -> Self::Login {
        login.version(version)
    }
}

type Failed<A> = EventsError<<A as pbx_wire::Api>::ErrorCode>;

impl<A: ReportFamily> TokenClient<A> {
    /// Starts receiving this PBX's reports with the default receiver
    /// ([`report_receiver`](Self::report_receiver)) and registers it with the PBX; see
    /// [`events_on`](Self::events_on).
    pub async fn events(&self) -> Result<LiveEvents<A::Event>, Failed<A>> {
        let config = self.report_receiver().await?;
        self.events_on(config).await
    }

    /// The default receiver settings: listen on the report target
    /// ([`report_target`](Self::report_target): the local address towards the PBX and port
    /// 8260 unless set with `report_to`), accept requests from the PBX's address only (the
    /// base URL's host, resolved). Change them and pass them to [`events_on`](Self::events_on).
    pub async fn report_receiver(&self) -> Result<HttpReceiverConfig, Failed<A>> {
        let target = self.report_target();
        let ip = target
            .ip
            .parse::<IpAddr>()
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let pbx = pbx_addresses(&self.config().base_url)
            .await
            .map_err(EventsError::PbxAddress)?;
        let mut config =
            HttpReceiverConfig::new(SocketAddr::new(ip, target.port), IpAddr::from([0, 0, 0, 0]));
        config.allowed = AllowedSources::Only(pbx);
        Ok(config)
    }

    /// Binds a receiver with `config`, has every later login ask for the preferred report
    /// format, moves the report target to the bound port (and address, unless it is the
    /// unspecified one), and tells the PBX: a login if no session is open, else a
    /// heartbeat. The stream starts with `Listening`, then `Connected`. Dropping it (or
    /// [`EventsHandle::stop`]) stops the receiver; the client's session is kept alive while
    /// it runs.
    pub async fn events_on(
        &self,
        config: HttpReceiverConfig,
    ) -> Result<LiveEvents<A::Event>, Failed<A>> {
        self.set_login_patch(LoginPatch {
            apply: A::with_report_version,
            value: A::REPORT_VERSION,
        });
        let bound = config.queue.max(2);
        let asked = config.addr;
        let (receiver, mut from) =
            HttpReceiver::bind::<A::Event>(config)
                .await
                .map_err(|source| EventsError::Bind {
                    addr: asked,
                    source,
                })?;
        let addr = receiver.local_addr();
        let current = self.report_target();
        let ip = if asked.ip().is_unspecified() {
            current.ip.clone()
        } else {
            addr.ip().to_string()
        };
        let target = ReportTarget {
            ip,
            port: addr.port(),
        };
        if target != current {
            self.set_report_target(target);
        }
        if let Err(e) = self.register_report_target().await {
            receiver.shutdown();
            return Err(EventsError::Client(e));
        }
        tracing::info!(family = A::META.module, %addr, "PBX told to send reports here");
        let (to, stream) = queue(bound);
        // The receiver queued `Listening` first; `Connected` follows it, then the reports.
        if let Some(listening) = from.next().await {
            let _ = to.try_queue(listening);
        }
        let _ = to.try_queue(EventItem::State(Connection::Connected));
        let mut handle = EventsHandle::new(Some(receiver), None);
        // No stop signal: a stopped receiver ends its stream after what it answered `200`,
        // and all of that is forwarded.
        let never = tokio::sync::watch::channel(false).1;
        let watching = self.keep_alive_failures();
        let task = tokio::spawn(forward(from, to, never, self.clone(), Some(watching)));
        handle.set_task(task);
        Ok(LiveEvents::new(handle, stream))
    }
}
