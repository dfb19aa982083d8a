//! A P-Series on 127.0.0.1 for the WebSocket event source's tests and bench: `get_token` and
//! `refresh_token` over HTTP/1.1 (each issues a new token), and WebSocket upgrades on the same
//! port, each handed to the test as a [`Conn`] to script. Plain or TLS (the fixture
//! certificate of `tests/fixtures/tls/`).

#![allow(dead_code)]
// tungstenite's handshake callback fixes its error type (an HTTP response).
#![allow(clippy::result_large_err)]

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

/// Every wait in these tests is bounded by this.
pub const WAIT: Duration = Duration::from_secs(10);

/// Any byte stream the server speaks over.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// What the server has done so far.
#[derive(Debug, Default)]
pub struct State {
    /// Tokens issued (`tok-1`, `tok-2`...).
    pub issued: u32,
    /// `get_token` requests.
    pub logins: u32,
    /// `refresh_token` requests.
    pub refreshes: u32,
    /// Refuse every upgrade with HTTP 401.
    pub refuse_upgrades: bool,
    /// The token of every upgrade request, refused ones included.
    pub upgrades: Vec<String>,
}

/// One accepted WebSocket, as the client opened it.
pub struct Conn {
    /// The request path, without the query.
    pub path: String,
    /// The `access_token` query parameter.
    pub token: String,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// The socket.
    pub ws: WebSocketStream<Rewind>,
}

impl Conn {
    /// The next text frame, skipping control frames; `None` when the client closed.
    pub async fn text(&mut self) -> Option<String> {
        loop {
            match timeout(WAIT, self.ws.next()).await.ok()?? {
                Ok(Message::Text(text)) => return Some(text.as_str().to_owned()),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// Reads the subscribe frame, answers `SUCCESS`, and returns the frame.
    pub async fn subscribe(&mut self) -> String {
        let frame = self.text().await.unwrap_or_default();
        self.send(r#"{"errcode":0,"errmsg":"SUCCESS"}"#).await;
        frame
    }

    /// Sends a text frame.
    pub async fn send(&mut self, text: &str) {
        let _ = timeout(WAIT, self.ws.send(Message::text(text.to_owned()))).await;
    }
}

/// The running server.
pub struct Pbx {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The WebSockets, as they are accepted.
    pub conns: mpsc::UnboundedReceiver<Conn>,
    /// What it has done.
    pub state: Arc<Mutex<State>>,
}

impl Pbx {
    /// A plain (`http://`, `ws://`) server.
    pub async fn plain() -> Pbx {
        Self::start(None).await
    }

    /// A TLS server with the fixture certificate.
    pub async fn tls() -> Pbx {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/tls/");
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(format!("{dir}pbx-cert.pem"))
                .expect("fixture certificate")
                .collect::<Result<_, _>>()
                .expect("fixture certificate");
        let key = PrivateKeyDer::from_pem_file(format!("{dir}pbx-key.pem")).expect("fixture key");
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("server certificate");
        Self::start(Some(tokio_rustls::TlsAcceptor::from(Arc::new(config)))).await
    }

    /// The SHA-256 pin of the fixture certificate, as openssl printed it.
    pub fn fixture_pin() -> String {
        include_str!("../../../tests/fixtures/tls/pbx-cert.sha256")
            .trim()
            .to_owned()
    }

    async fn start(tls: Option<tokio_rustls::TlsAcceptor>) -> Pbx {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let (tx, conns) = mpsc::unbounded_channel();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let (tx, state, tls) = (tx.clone(), shared.clone(), tls.clone());
                tokio::spawn(async move {
                    let io: Box<dyn Io> = match tls {
                        None => Box::new(tcp),
                        Some(acceptor) => match timeout(WAIT, acceptor.accept(tcp)).await {
                            Ok(Ok(tls)) => Box::new(tls),
                            _ => return,
                        },
                    };
                    let _ = serve(io, &state, &tx).await;
                });
            }
        });
        Pbx { addr, conns, state }
    }

    /// The next WebSocket the client opens.
    pub async fn conn(&mut self) -> Conn {
        timeout(WAIT, self.conns.recv())
            .await
            .expect("the client connected in time")
            .expect("the server runs")
    }

    /// A copy of one field of the state.
    pub fn with<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.lock().expect("state"))
    }
}

/// One connection: an HTTP token request, or a WebSocket upgrade.
async fn serve(
    mut io: Box<dyn Io>,
    state: &Mutex<State>,
    conns: &mpsc::UnboundedSender<Conn>,
) -> Option<()> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = timeout(WAIT, io.read(&mut buf)).await.ok()?.ok()?;
        if n == 0 || data.len() > 65_536 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let target = head.split(' ').nth(1).unwrap_or_default().to_owned();
    if head.starts_with("GET ") {
        let token = target
            .split_once("access_token=")
            .map(|(_, t)| t.to_owned())
            .unwrap_or_default();
        let refuse = {
            let mut state = state.lock().ok()?;
            state.upgrades.push(token);
            state.refuse_upgrades
        };
        if refuse {
            let answer =
                "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            io.write_all(answer.as_bytes()).await.ok()?;
            return Some(());
        }
        let mut seen = None;
        let callback = |request: &Request, response: Response| {
            let agent = request
                .headers()
                .get("user-agent")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let uri = request.uri();
            let token = uri
                .query()
                .and_then(|q| q.strip_prefix("access_token="))
                .unwrap_or_default()
                .to_owned();
            seen = Some((uri.path().to_owned(), token, agent));
            Ok(response)
        };
        let rewind = Rewind {
            prefix: data,
            at: 0,
            inner: io,
        };
        let ws = timeout(WAIT, tokio_tungstenite::accept_hdr_async(rewind, callback))
            .await
            .ok()?
            .ok()?;
        let (path, token, user_agent) = seen?;
        conns
            .send(Conn {
                path,
                token,
                user_agent,
                ws,
            })
            .ok()?;
        return Some(());
    }
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = timeout(WAIT, io.read(&mut buf)).await.ok()?.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let body = {
        let mut state = state.lock().ok()?;
        if target.starts_with("/openapi/v1.0/get_token") {
            state.logins += 1;
        } else if target.starts_with("/openapi/v1.0/refresh_token") {
            state.refreshes += 1;
        } else {
            return None;
        }
        state.issued += 1;
        let n = state.issued;
        format!(
            r#"{{"errcode":0,"errmsg":"SUCCESS","access_token_expire_time":1800,"access_token":"tok-{n}","refresh_token_expire_time":86400,"refresh_token":"ref-{n}"}}"#
        )
    };
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    io.write_all(answer.as_bytes()).await.ok()?;
    io.shutdown().await.ok()
}

/// A stream whose first bytes were already read: they are read again first (the upgrade
/// request the server looked at before handing the socket to tungstenite).
pub struct Rewind {
    prefix: Vec<u8>,
    at: usize,
    inner: Box<dyn Io>,
}

impl AsyncRead for Rewind {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.at < this.prefix.len() {
            let rest = &this.prefix[this.at..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.at += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Rewind {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
