//! The receivers and raw requests of `events_emitted.rs`: a loopback listener that records
//! every request as received, raw logins and requests to the simulator, and the P-Series
//! WebSocket client's helpers. Every wait is bounded.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use pbx_sim::{EventConfig, EventCounters, SimConfig, Simulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

pub const WAIT: Duration = Duration::from_secs(10);
pub const SN: &str = "369300000001";
/// MD5 of the simulator's default password `Secret123`.
pub const MD5: &str = "5c90b96a75d4f9d5a1cfaa6f532afdc8";

/// A loopback receiver: every request as received, answered with the next status of
/// `script` (then 200).
pub struct Receiver {
    pub port: u16,
    got: mpsc::UnboundedReceiver<String>,
}

impl Receiver {
    pub async fn start(script: Vec<u16>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let (tx, got) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut script = script.into_iter();
            while let Ok((mut stream, _)) = listener.accept().await {
                let request = read_request(&mut stream).await;
                let status = script.next().unwrap_or(200);
                let answer = format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\n\r\n");
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = tx.send(request);
            }
        });
        Receiver { port, got }
    }

    /// The next request, or `None` if none comes within `within`.
    pub async fn within(&mut self, within: Duration) -> Option<String> {
        tokio::time::timeout(within, self.got.recv())
            .await
            .ok()
            .flatten()
    }

    pub async fn next(&mut self) -> String {
        self.within(WAIT).await.expect("a report in time")
    }

    /// The next `n` bodies.
    pub async fn bodies(&mut self, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(body(&self.next().await).to_owned());
        }
        out
    }
}

/// Reads one request: its head, then `Content-Length` bytes (however the header is spaced),
/// or to the end where the sender closes its side.
pub async fn read_request(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end].lines().find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            if buf.len() >= end + 4 + length.unwrap_or(0) {
                return text;
            }
        }
        match tokio::time::timeout(WAIT, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
            _ => return text,
        }
    }
}

/// The JSON body of a request (from its first `{`).
pub fn body(request: &str) -> &str {
    request.find('{').map_or("", |i| &request[i..])
}

pub fn action(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    v.get("action")
        .or_else(|| v.get("event"))
        .and_then(|a| a.as_str())
        .unwrap_or("?")
        .to_owned()
}

/// One raw request to the simulator; the answer's body.
pub async fn http(addr: SocketAddr, path: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: OpenAPI\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut answer = String::new();
    tokio::time::timeout(WAIT, stream.read_to_string(&mut answer))
        .await
        .expect("answered in time")
        .expect("read");
    answer
        .split_once("\r\n\r\n")
        .map_or(answer.clone(), |(_, b)| b.to_owned())
}

pub fn field(json: &str, name: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    v.get(name)
        .and_then(|t| t.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// A raw MD5 login of `family` at `/api/<version>/` with `extra` members; the token.
pub async fn login(pbx: &Simulator, version: &str, port: u16, extra: &str) -> String {
    let body = format!(r#"{{"username":"api","password":"{MD5}","port":"{port}"{extra}}}"#);
    let answer = http(pbx.addr(), &format!("/api/{version}/login"), &body).await;
    let token = field(&answer, "token");
    assert!(!token.is_empty(), "{answer}");
    token
}

pub async fn sim(events: EventConfig) -> Simulator {
    Simulator::start(SimConfig {
        events,
        ..SimConfig::default()
    })
    .await
    .expect("a simulator")
}

/// The family's counters once `done` holds for them (the sender counts an answer just after
/// the receiver has written it).
pub async fn settled(
    pbx: &Simulator,
    family: &str,
    done: impl Fn(&EventCounters) -> bool,
) -> EventCounters {
    let wait = async {
        loop {
            let c = pbx.event_counters(Some(family));
            if done(&c) {
                return c;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(WAIT, wait)
        .await
        .unwrap_or_else(|_| panic!("{family}: {:?}", pbx.event_counters(Some(family))))
}

pub fn quick() -> EventConfig {
    EventConfig {
        resend_first: Duration::from_millis(20),
        resend_max: Duration::from_millis(50),
        ..EventConfig::default()
    }
}

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

pub async fn p_token(pbx: &Simulator) -> String {
    let answer = http(
        pbx.addr(),
        "/openapi/v1.0/get_token",
        r#"{"username":"api","password":"Secret123"}"#,
    )
    .await;
    field(&answer, "access_token")
}

pub async fn subscribe(pbx: &Simulator, token: &str) -> Socket {
    let url = format!(
        "ws://{}/openapi/v1.0/subscribe?access_token={token}",
        pbx.addr()
    );
    let (socket, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(url))
        .await
        .expect("handshake in time")
        .expect("upgraded");
    socket
}

/// The next text frame; `None` once the socket closes (or nothing comes in time).
pub async fn text(socket: &mut Socket, within: Duration) -> Option<String> {
    loop {
        match tokio::time::timeout(within, socket.next()).await.ok()?? {
            Ok(Message::Text(t)) => return Some(t.to_string()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

pub async fn say(socket: &mut Socket, what: &str) -> String {
    socket.send(Message::Text(what.into())).await.expect("sent");
    text(socket, WAIT).await.expect("an answer")
}
