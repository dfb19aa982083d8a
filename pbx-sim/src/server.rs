//! The HTTP side: one server on 127.0.0.1 for every family (their paths do not overlap),
//! faults applied on the way out, and the handle tests and users hold.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::auth;
use crate::behave::Behaviours;
use crate::config::{Fault, FaultKind, SimConfig};
use crate::routes::{Incoming, Routes};
use crate::state::{SimCall, State, md5_hex};

struct Shared {
    state: Mutex<State>,
    routes: Routes,
    behaviours: Behaviours,
    /// Exchanges kept while recording is on.
    log: Mutex<Option<Vec<Exchange>>>,
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
                    async move { serve(&shared, method, uri, headers, body).await }
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
        let mut state = self.state();
        let next = md5_hex(&state.nonce);
        state.nonce = next;
    }
}

async fn serve(
    shared: &Shared,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let query: Vec<(String, String)> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let Some((route, format)) = shared.routes.find(method.as_str(), path, &query, &body) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let meta = route.meta;
    let (answer, latency, fault) = {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        *state.requests.entry(meta.id.to_owned()).or_default() += 1;
        if meta.api.module == "switchvox" {
            let authorization = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok());
            if !auth::authorized(&state, authorization, method.as_str(), path) {
                let challenge = auth::challenge(&state);
                return (
                    StatusCode::UNAUTHORIZED,
                    [(header::WWW_AUTHENTICATE, challenge)],
                )
                    .into_response();
            }
        }
        let fault = state.take_fault(meta.id);
        let latency = state.latency;
        let answer = match &fault {
            // A vendor refusal is the family's own envelope, so the handler does not run.
            Some(FaultKind::Vendor(code)) => refusal(meta, format, code),
            Some(FaultKind::Body(bytes)) => bytes.clone(),
            Some(FaultKind::Status(_)) | Some(FaultKind::Garbage) => Vec::new(),
            _ => {
                let incoming = Incoming {
                    format,
                    token: route.token(&query),
                    body: &body,
                    user_agent: headers
                        .get(header::USER_AGENT)
                        .and_then(|v| v.to_str().ok()),
                };
                (route.handler)(&mut state, &shared.behaviours, &incoming)
            }
        };
        (answer, latency, fault)
    };
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    if let Some(log) = shared
        .log
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_mut()
    {
        let query = uri
            .query()
            .map(|q| {
                let redacted: Vec<String> = q
                    .split('&')
                    .map(|kv| match kv.split_once('=') {
                        Some((k, _)) if k.contains("token") => format!("{k}=***"),
                        _ => kv.to_owned(),
                    })
                    .collect();
                format!("?{}", redacted.join("&"))
            })
            .unwrap_or_default();
        log.push(Exchange {
            endpoint: meta.id,
            request_line: format!("{method} {path}{query}"),
            request: String::from_utf8_lossy(&body).into_owned(),
            status: match &fault {
                Some(FaultKind::Status(s)) => *s,
                _ => 200,
            },
            response: String::from_utf8_lossy(&answer).into_owned(),
        });
    }
    let content_type = meta.content_type(format);
    match fault {
        Some(FaultKind::Status(status)) => StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
        Some(FaultKind::Garbage) => {
            (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response()
        }
        Some(FaultKind::Truncated) => {
            let half = answer.len() / 2;
            ok(content_type, answer[..half].to_vec())
        }
        Some(FaultKind::Drop) => {
            // Promise the whole body, send half, then fail: the connection closes mid-answer.
            let half = answer[..answer.len() / 2].to_vec();
            let stream = futures_stream(half);
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, content_type)
                .header(header::CONTENT_LENGTH, answer.len().max(1))
                .body(Body::from_stream(stream))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        _ => ok(content_type, answer),
    }
}

fn ok(content_type: &'static str, body: Vec<u8>) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A vendor refusal with `code`, in the endpoint's envelope.
fn refusal(
    meta: &'static pbx_api::wire::EndpointMeta,
    format: pbx_api::wire::Format,
    code: &str,
) -> Vec<u8> {
    use pbx_api::wire::envelope::RawError;
    use pbx_api::wire::write::BodyWriter;
    let mut out = BodyWriter::new(format, meta.api.xml_declaration, 256);
    let errors = [RawError {
        code: code.to_owned(),
        message: None,
    }];
    meta.api
        .envelope
        .write_errors(&mut out, format, meta.rpc_method, &errors);
    out.finish()
}

/// A body stream that yields `bytes` and then an error.
fn futures_stream(bytes: Vec<u8>) -> HalfThenFail {
    HalfThenFail(Some(bytes), false)
}

/// Yields its bytes, then fails, which makes the server drop the connection.
struct HalfThenFail(Option<Vec<u8>>, bool);

impl futures_core::Stream for HalfThenFail {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if let Some(bytes) = self.0.take() {
            return std::task::Poll::Ready(Some(Ok(Bytes::from(bytes))));
        }
        if !self.1 {
            self.1 = true;
            let error = std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "dropped by fault injection",
            );
            return std::task::Poll::Ready(Some(Err(error)));
        }
        std::task::Poll::Ready(None)
    }
}
