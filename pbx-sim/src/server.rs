//! The handle tests and users hold, and the state every connection shares: one server on
//! 127.0.0.1 for every family (their paths do not overlap). Connections are accepted in
//! `listen.rs`, served in `connection.rs`; each exchange is answered by `exchange.rs`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};

use crate::behave::Behaviours;
use crate::config::{Fault, FaultKind, SimConfig};
use crate::listen::Security;
pub use crate::log::Exchange;
use crate::log::ExchangeLog;
use crate::model::{Cdr, CdrFilter, SimCall};
use crate::routes::Routes;
use crate::state::State;

pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) routes: Routes,
    pub(crate) behaviours: Behaviours,
    /// Exchanges kept or watched.
    log: Arc<ExchangeLog>,
}

impl Shared {
    /// Whether exchanges are kept or watched (building one is wasted otherwise).
    pub(crate) fn recording(&self) -> bool {
        self.log.recording()
    }

    /// Logs one exchange: secrets redacted, kept if recording, handed to the watcher.
    pub(crate) fn record(&self, exchange: Exchange) {
        self.log.record(exchange);
    }
}

/// A running simulated PBX. Dropping it stops the server.
pub struct Simulator {
    addr: SocketAddr,
    scheme: &'static str,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// Starts a simulator on 127.0.0.1 (port from the config; 0 picks a free one).
    pub async fn start(config: SimConfig) -> std::io::Result<Simulator> {
        Self::serve(config, Security::Plain).await
    }

    /// Starts a simulator that speaks HTTPS with `tls` (feature `tls`); handshakes are bounded
    /// by [`crate::ServerLimits::tls_handshake`]. [`crate::Certificate`] makes a certificate.
    #[cfg(feature = "tls")]
    pub async fn start_tls(
        config: SimConfig,
        tls: std::sync::Arc<tokio_rustls::rustls::ServerConfig>,
    ) -> std::io::Result<Simulator> {
        Self::serve(config, Security::Tls(crate::tls::Tls::new(tls))).await
    }

    async fn serve(config: SimConfig, security: Security) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let scheme = match security {
            Security::Plain => "http",
            #[cfg(feature = "tls")]
            Security::Tls(_) => "https",
        };
        let limits = config.limits.clone();
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(config)),
            routes: Routes::all(),
            behaviours: Behaviours::all(),
            log: Arc::default(),
        });
        {
            // Senders check a session's token in the server's state (a report keeps a sliding
            // token alive, and a dead token stops its reports).
            let weak = Arc::downgrade(&shared);
            let alive: crate::events::Alive = Arc::new(move |family, token| {
                weak.upgrade().is_some_and(|shared| {
                    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
                    state.check_token(family, token).is_ok()
                })
            });
            shared
                .state
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .events
                .attach(alive);
        }
        let mut router = axum::Router::new();
        if let Some(path) = crate::events::ws::path() {
            let shared = shared.clone();
            router = router.route(
                &path,
                axum::routing::get(move |uri: Uri, upgrade| {
                    crate::events::ws::handshake(shared.clone(), uri, upgrade)
                }),
            );
        }
        let app = {
            let shared = shared.clone();
            router
                .fallback(
                    move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                        let shared = shared.clone();
                        async move {
                            crate::exchange::serve(&shared, method, uri, headers, body).await
                        }
                    },
                )
                // The connection already capped the body (`ServerLimits::max_body`).
                .layer(axum::extract::DefaultBodyLimit::disable())
        };
        let served = crate::listen::Served {
            app,
            limits,
            log: shared.log.clone(),
        };
        let server = tokio::spawn(crate::listen::accept_loop(listener, served, security));
        Ok(Simulator {
            addr,
            scheme,
            shared,
            server,
        })
    }

    /// `http://127.0.0.1:<port>` (or `https://`): the base URL for every family's client.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock means a handler panicked; the state is still consistent enough to
        // read, and tests want to see it.
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many requests reached an endpoint (by id, `yeastar_s::extension::dial_outbound`),
    /// whatever became of them.
    pub fn requests(&self, endpoint: &str) -> usize {
        self.state().requests.get(endpoint).copied().unwrap_or(0)
    }

    /// The calls up now.
    pub fn calls(&self) -> Vec<SimCall> {
        self.state().model.all_calls()
    }

    /// A call from outside, `from` ringing extension `to` on `family` (its module name,
    /// `yeastar_s`): it shows up in the query endpoints as ringing, and can be accepted,
    /// refused or transferred for [`Simulator::set_answer_window`] (10 s, the vendors'),
    /// after which accepting or refusing it is the family's timeout code.
    pub fn inbound(&self, family: &str, from: &str, to: &str) -> Option<SimCall> {
        let module = pbx_api::ENDPOINTS
            .iter()
            .map(|e| e.api.module)
            .find(|m| *m == family)?;
        let mut state = self.state();
        let call = state.model.calls.start(module, from, to, true);
        state.model.extensions.learn(to);
        crate::events::rang(&mut state, &call);
        Some(call)
    }

    /// Starts an attended transfer on `family` of the call `name` names (the transferor's
    /// channel, or the call's id) to `target`, as the family's attended-transfer endpoint
    /// does: the call is held and the transferor consults `target` in a second call. The
    /// held call; `None` if there is no such call, it is consulting already or `target` is
    /// busy.
    pub fn attended_transfer(&self, family: &str, name: &str, target: &str) -> Option<SimCall> {
        let module = pbx_api::ENDPOINTS
            .iter()
            .map(|e| e.api.module)
            .find(|m| *m == family)?;
        let model = &mut self.state().model;
        model.attended_transfer(module, name, target).ok()
    }

    /// The id extension `number` has in the simulated PBX's extension table (the P-Series
    /// `extension/list` and `extension/query` id), if it has one.
    pub fn extension_id(&self, number: &str) -> Option<u64> {
        self.state().model.extensions.id_of(number)
    }

    /// A call from `from` to `to` on `family` that fails to connect because the callee is
    /// busy, as a call an extension dials by hand does: no call is up afterwards, but the
    /// family's failure event is sent (OpenVox and S-Series `CallFailed`, P-Series 30015;
    /// "不管是 API 控制的呼叫还是手动拨号的呼叫，只要呼叫失败都会触发该事件", XS
    /// `api-bao-gao-shi-li/hu-jiao-shi-bai-bao-gao.md`). The call id the event carries; `None`
    /// for a family the simulator does not know.
    pub fn failed_call(&self, family: &str, from: &str, to: &str) -> Option<String> {
        let module = pbx_api::ENDPOINTS
            .iter()
            .map(|e| e.api.module)
            .find(|m| *m == family)?;
        Some(crate::events::failed(
            &mut self.state(),
            module,
            "",
            from,
            to,
        ))
    }

    /// Stores variable `name` = `value` on `family` (Switchvox's global IVR variables), as
    /// its add endpoint does; its id, `None` for a family the simulator does not know.
    pub fn set_variable(&self, family: &str, name: &str, value: &str) -> Option<String> {
        let module = pbx_api::ENDPOINTS
            .iter()
            .map(|e| e.api.module)
            .find(|m| *m == family)?;
        let added = self.state().model.variables.add(module, name, value)?;
        Some(added.id)
    }

    /// Puts extension `number` in queue `queue` of `family` as an agent, for families with no
    /// endpoint that adds one (Switchvox); `false` if it is there already or the family is
    /// unknown.
    pub fn add_queue_agent(&self, family: &str, queue: &str, number: &str) -> bool {
        let known = pbx_api::ENDPOINTS.iter().any(|e| e.api.module == family);
        known
            && self
                .state()
                .model
                .groups
                .agent_add(family, queue, number)
                .is_ok()
    }

    /// Sets how long an inbound call may ring before accepting or refusing it is too late.
    pub fn set_answer_window(&self, window: Duration) {
        self.state().model.answer_window = window;
    }

    /// Puts extension `number` in queue `queue` of `family`, as an agent configured on the PBX
    /// would be (then pausing or removing it works); `false` if it is there already.
    pub fn add_agent(&self, family: &str, queue: &str, number: &str) -> bool {
        self.state()
            .model
            .groups
            .agent_add(family, queue, number)
            .is_ok()
    }

    /// Puts `number` in conference `room` of `family`, as a member who dialled in would be;
    /// `false` if it is there already.
    pub fn add_member(&self, family: &str, room: &str, number: &str) -> bool {
        self.state()
            .model
            .groups
            .member_add(family, room, number)
            .is_ok()
    }

    /// The records of ended calls that `filter` keeps, oldest first.
    pub fn cdrs(&self, filter: &CdrFilter) -> Vec<Cdr> {
        self.state().model.records.search(filter)
    }

    /// The records `filter` keeps as CSV, a header line first: what a CDR download answers.
    pub fn cdr_csv(&self, filter: &CdrFilter) -> String {
        self.state().model.cdr_csv(filter)
    }

    /// The recording of an ended, answered call (by file name or call id) as WAV bytes: what
    /// a recording download answers.
    pub fn recording_bytes(&self, id: &str) -> Option<Vec<u8>> {
        self.state().model.recording_bytes(id)
    }

    /// Plans a fault for the next requests.
    pub fn inject(&self, fault: Fault) {
        self.state().plan(fault);
    }

    /// Gives every `every`-th request (of any endpoint) the fault `kind`, until set to 0: a
    /// steady fault rate for load tests.
    pub fn set_fault_rate(&self, kind: FaultKind, every: usize) {
        self.state().set_rate(kind, every);
    }

    /// Delays every answer by `latency`.
    pub fn set_latency(&self, latency: Option<Duration>) {
        self.state().latency = latency;
    }

    /// Sets how long P-Series access tokens issued from now on live.
    pub fn set_access_token_life(&self, life: Duration) {
        self.state().config.access_token_life = life;
    }

    /// Lets every access token expire now, as after 30 idle minutes (P-Series refresh tokens
    /// stay valid).
    pub fn expire_tokens(&self) {
        self.state().expire_tokens(false);
    }

    /// Forgets every session, refresh tokens included, as a restarted PBX does.
    pub fn restart_sessions(&self) {
        self.state().expire_tokens(true);
    }

    /// Starts (or stops) keeping every exchange, for [`Simulator::take_exchanges`].
    pub fn record_exchanges(&self, on: bool) {
        self.shared.log.keep(on);
    }

    /// The exchanges kept since the last call (secrets redacted, see [`Exchange`]).
    pub fn take_exchanges(&self) -> Vec<Exchange> {
        self.shared.log.take()
    }

    /// Calls `watcher` with each exchange as it is answered (secrets redacted, see
    /// [`Exchange`]), replacing any earlier watcher; `pbx sim --log` prints them. The watcher
    /// runs on the server's task, so it should be quick (print, or send on a channel).
    pub fn on_exchange(&self, watcher: impl Fn(&Exchange) + Send + Sync + 'static) {
        self.shared.log.watch(Some(Arc::new(watcher)));
    }

    /// Stops calling the watcher set by [`Simulator::on_exchange`].
    pub fn stop_watching(&self) {
        self.shared.log.watch(None);
    }

    /// Lifts every login lockout, as deleting the blocked API addresses on a PBX's web page
    /// does (the P-Series lifts its blocklist no other way).
    pub fn unblock_addresses(&self) {
        self.state().unblock();
    }

    /// What the event senders have done for `family` (its module name), or for every family
    /// (`None`): reports queued, sent, acknowledged, resent and dropped, and the misbehaviour
    /// shown (see [`crate::EventCounters`]).
    pub fn event_counters(&self, family: Option<&str>) -> crate::EventCounters {
        self.state().events.counters(family)
    }

    /// Sends `BootUp` to every registered OpenVox and S-Series report receiver, as a PBX does
    /// after it has started.
    pub fn boot_up(&self) {
        self.state().events.boot_up();
    }

    /// Issues a new Digest nonce, so clients holding the old one are challenged again.
    pub fn rotate_nonce(&self) {
        self.state().nonces.rotate();
    }
}
