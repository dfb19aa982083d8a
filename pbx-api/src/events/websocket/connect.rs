//! Opening the socket: `ws(s)://{host}:{port}{api prefix}subscribe?access_token=…` from the
//! client's base URL and its family's API prefix, TCP within the client's connect timeout,
//! TLS with the client's trust, then the WebSocket handshake (HTTP 101).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pbx_wire::session::TokenApi;
use pbx_wire::{Endpoint, Format};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use super::settings::SourceError;
use super::tls;
use crate::client::{ClientConfig, Secret};

/// An open event socket.
pub(super) type Socket = WebSocketStream<Stream>;

/// Where and how the source connects; built once, used for every connection.
pub(super) struct Target {
    /// `ws://host:port/openapi/v1.0/subscribe?access_token=`, the token still to append.
    url: String,
    host: String,
    port: u16,
    tls: Option<(TlsConnector, ServerName<'static>)>,
    user_agent: Option<&'static str>,
    connect_timeout: Duration,
    /// The handshake and the subscription answer must come within this.
    pub(super) answer_timeout: Duration,
    max_frame_bytes: usize,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("url", &self.url)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Target {
    /// The address for the family `A` at the client's base URL; `max_frame_bytes` bounds what
    /// one frame may hold.
    pub(super) fn new<A: TokenApi>(
        config: &ClientConfig,
        max_frame_bytes: usize,
    ) -> Result<Target, SourceError> {
        let base = reqwest::Url::parse(&config.base_url)
            .map_err(|e| SourceError::Url(format!("the base URL does not parse ({e})")))?;
        let (scheme, secure) = match base.scheme() {
            "http" => ("ws", false),
            "https" => ("wss", true),
            other => {
                return Err(SourceError::Url(format!(
                    "the base URL's scheme is {other}, not http or https"
                )));
            }
        };
        let host = base
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| SourceError::Url("the base URL has no host".into()))?;
        let port = base
            .port_or_known_default()
            .ok_or_else(|| SourceError::Url("the base URL has no port".into()))?;
        // The API prefix the family's endpoints share, from its login URL
        // (`/openapi/v1.0/get_token` → `/openapi/v1.0/`), for the version the client speaks.
        let version = config.api_version.as_deref().unwrap_or(A::META.version);
        let login = A::Login::META.path_and_query_at(Format::Json, "", version);
        let login_path = login.split('?').next().unwrap_or_default();
        let prefix = login_path.rfind('/').map_or("/", |i| &login_path[..=i]);
        let base_path = base.path().trim_end_matches('/');
        let authority = match base.port() {
            Some(port) => format!("{}:{port}", host_for_url(host)),
            None => host_for_url(host),
        };
        let url = format!("{scheme}://{authority}{base_path}{prefix}subscribe?access_token=");
        let bare = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let tls = if secure {
            let name = ServerName::try_from(bare.clone())
                .map_err(|e| SourceError::Url(format!("the host is no TLS server name ({e})")))?;
            Some((TlsConnector::from(tls::client_config(config)?), name))
        } else {
            None
        };
        Ok(Target {
            url,
            host: bare,
            port,
            tls,
            user_agent: A::META.user_agent,
            connect_timeout: config.connect_timeout,
            answer_timeout: config.timeout,
            max_frame_bytes,
        })
    }

    /// The URL without its token, for logs and reasons.
    pub(super) fn url_without_token(&self) -> &str {
        &self.url
    }

    /// Connects and completes the WebSocket handshake with `token`. The error is a reason in
    /// words, without the token.
    pub(super) async fn connect(&self, token: &Secret) -> Result<(Socket, SocketAddr), String> {
        let tcp = tokio::time::timeout(
            self.connect_timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| format!("no connection within {:?}", self.connect_timeout))?
        .map_err(|e| format!("could not connect: {e}"))?;
        let peer = tcp
            .peer_addr()
            .map_err(|e| format!("could not connect: {e}"))?;
        // Events are small and frequent: no Nagle delay on the heartbeat.
        tcp.set_nodelay(true).ok();
        let handshake = async {
            let stream = match &self.tls {
                None => Stream::Plain(tcp),
                Some((connector, name)) => {
                    let tls = connector
                        .connect(name.clone(), tcp)
                        .await
                        .map_err(|e| tls_failure(&e))?;
                    Stream::Tls(Box::new(tls))
                }
            };
            let mut url = String::with_capacity(self.url.len() + token.expose().len() * 3);
            url.push_str(&self.url);
            pbx_wire::query::percent_encode(&mut url, token.expose());
            let mut request = url
                .into_client_request()
                .map_err(|e| format!("the WebSocket request could not be built: {e}"))?;
            if let Some(agent) = self.user_agent {
                request
                    .headers_mut()
                    .insert("user-agent", HeaderValue::from_static(agent));
            }
            let config = WebSocketConfig::default()
                .max_message_size(Some(self.max_frame_bytes))
                .max_frame_size(Some(self.max_frame_bytes));
            let (socket, _response) =
                tokio_tungstenite::client_async_with_config(request, stream, Some(config))
                    .await
                    .map_err(|e| format!("the WebSocket handshake failed: {e}"))?;
            Ok::<_, String>(socket)
        };
        let socket = tokio::time::timeout(self.answer_timeout, handshake)
            .await
            .map_err(|_| format!("no WebSocket handshake within {:?}", self.answer_timeout))??;
        Ok((socket, peer))
    }
}

/// A host as it goes in a URL: IPv6 addresses in brackets.
fn host_for_url(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// A failed TLS handshake in words: the client's own refusal (pin, trust) where there is one.
fn tls_failure(error: &io::Error) -> String {
    let refusal = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match refusal {
        Some(rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other))) => {
            format!("TLS refused: {}", other.0)
        }
        Some(tls) => format!("the TLS handshake failed: {tls}"),
        None => format!("the TLS handshake failed: {error}"),
    }
}

/// The socket under the WebSocket: plain TCP or TLS over it.
pub(super) enum Stream {
    /// `ws://`.
    Plain(TcpStream),
    /// `wss://`.
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
