//! The HTTP side: one server on 127.0.0.1 for every family (their paths do not overlap), and
//! the handle tests and users hold. Each exchange is served by `exchange.rs`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};

use crate::behave::Behaviours;
use crate::config::{Fault, FaultKind, SimConfig};
use crate::routes::Routes;
use crate::state::{SimCall, State};

pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) routes: Routes,
    pub(crate) behaviours: Behaviours,
    /// Exchanges kept while recording is on.
    pub(crate) log: Mutex<Option<Vec<Exchange>>>,
}

/// One request and its answer, as they crossed the wire (tokens in the query shown as `***`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The endpoint id.
    pub endpoint: &'static str,
    /// `POST /api/v1.0.0/extension/dial_outbound?token=***`.
    pub request_line: String,
    /// The request body.
    pub request: String,
    /// The HTTP status answered.
    pub status: u16,
    /// The answer body.
    pub response: String,
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
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        Self::serve_on(listener, config, "http").await
    }

    /// Starts a simulator that speaks HTTPS with `tls` (feature `tls`).
    #[cfg(feature = "tls")]
    pub async fn start_tls(
        config: SimConfig,
        tls: std::sync::Arc<tokio_rustls::rustls::ServerConfig>,
    ) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        Self::serve_on(crate::tls::TlsListener::new(listener, tls), config, "https").await
    }

    async fn serve_on<L>(
        listener: L,
        config: SimConfig,
        scheme: &'static str,
    ) -> std::io::Result<Simulator>
    where
        L: axum::serve::Listener<Addr = SocketAddr>,
    {
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(config)),
            routes: Routes::all(),
            behaviours: Behaviours::all(),
            log: Mutex::new(None),
        });
        let app = {
            let shared = shared.clone();
            axum::Router::new().fallback(
                move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                    let shared = shared.clone();
                    async move { crate::exchange::serve(&shared, method, uri, headers, body).await }
                },
            )
        };
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
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
        self.state().calls.clone()
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
        let mut log = self.shared.log.lock().unwrap_or_else(|e| e.into_inner());
        *log = on.then(Vec::new);
    }

    /// The exchanges kept since the last call.
    pub fn take_exchanges(&self) -> Vec<Exchange> {
        let mut log = self.shared.log.lock().unwrap_or_else(|e| e.into_inner());
        log.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Issues a new Digest nonce, so clients holding the old one are challenged again.
    pub fn rotate_nonce(&self) {
        self.state().nonces.rotate();
    }
}
