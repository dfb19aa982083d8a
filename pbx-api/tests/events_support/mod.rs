//! What the HTTP receiver tests share: small `FamilyEvents` families of their own (the
//! generated family enums are not needed to test the transport), a raw TCP client that sends
//! exact bytes and reads the whole answer, and bounded waits on the stream.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use pbx_api::DecodeError;
use pbx_api::events::http::{HttpReceiver, HttpReceiverConfig};
use pbx_api::events::{
    CallKey, Connection, EventItem, EventMeta, EventStream, FamilyEvents, RawEvent, Transport,
};
use pbx_api::wire::error::DecodeErrorKind;
use serde_json::{Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Every wait in these tests is bounded by this.
pub const WAIT: Duration = Duration::from_secs(5);

/// A decoded test event: its name, its fields as JSON, and what arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Ev {
    pub name: String,
    pub fields: Value,
    pub path: String,
    pub query: String,
    pub body: Vec<u8>,
}

fn syntax(e: impl ToString) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax(e.to_string()))
}

/// A JSON body whose name is under `key` (`action` or `event` for reports, `type` for frames).
fn decode_json(raw: &RawEvent<'_>, keys: &[&str]) -> Result<Ev, DecodeError> {
    let fields: Value = serde_json::from_slice(raw.body).map_err(syntax)?;
    if !fields.is_object() {
        return Err(syntax("not an object"));
    }
    let name = keys
        .iter()
        .find_map(|k| fields.get(*k))
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string())
        })
        .unwrap_or_default();
    Ok(Ev {
        name,
        fields,
        path: raw.path.into(),
        query: raw.query.into(),
        body: raw.body.into(),
    })
}

/// `a=1&b=2` → `{"a": "1", "b": "2"}` (no percent-decoding: the tests compare raw text).
fn pairs(text: &str, into: &mut Map<String, Value>) {
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        into.insert(k.to_owned(), Value::String(v.to_owned()));
    }
}

/// A Switchvox trigger: the query and a form body, named by the path.
fn decode_trigger(raw: &RawEvent<'_>) -> Result<Ev, DecodeError> {
    let body = std::str::from_utf8(raw.body).map_err(syntax)?;
    if raw.query.is_empty() && body.is_empty() {
        return Err(syntax("no query string and no body"));
    }
    let mut fields = Map::new();
    pairs(raw.query, &mut fields);
    pairs(body, &mut fields);
    let name = raw.path.trim_start_matches('/').to_owned();
    Ok(Ev {
        name,
        fields: Value::Object(fields),
        path: raw.path.into(),
        query: raw.query.into(),
        body: raw.body.into(),
    })
}

macro_rules! family {
    ($name:ident, $transport:expr, $key:literal, $decode:expr) => {
        /// A test family.
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(pub Ev);

        impl FamilyEvents for $name {
            const TRANSPORT: Transport = $transport;
            const EVENTS: &'static [EventMeta] = &[];

            fn decode(raw: &RawEvent<'_>) -> Result<Self, DecodeError> {
                let decode: fn(&RawEvent<'_>) -> Result<Ev, DecodeError> = $decode;
                decode(raw).map($name)
            }
            fn name(&self) -> &str {
                &self.0.name
            }
            fn is_unknown(&self) -> bool {
                false
            }
            fn call_keys(&self) -> Vec<CallKey> {
                self.0
                    .fields
                    .get($key)
                    .and_then(Value::as_str)
                    .map(|v| {
                        vec![CallKey {
                            field: $key,
                            value: v.to_owned(),
                        }]
                    })
                    .unwrap_or_default()
            }
            fn to_json(&self) -> String {
                self.0.fields.to_string()
            }
        }
    };
}

family!(Report, Transport::HttpReport, "callid", |raw| decode_json(
    raw,
    &["action", "event"]
));
family!(Frame, Transport::WebSocket, "call_id", |raw| decode_json(
    raw,
    &["type"]
));
family!(Trigger, Transport::UrlTrigger, "cid_job_id", decode_trigger);

/// A receiver on loopback, accepting loopback, with short timeouts.
pub fn config() -> HttpReceiverConfig {
    let mut config =
        HttpReceiverConfig::new("127.0.0.1:0".parse().unwrap(), "127.0.0.1".parse().unwrap());
    config.header_timeout = Duration::from_millis(500);
    config.body_timeout = Duration::from_millis(500);
    config.unframed_idle = Duration::from_millis(200);
    config
}

/// Binds and reads the `Listening` item.
pub async fn start<E: FamilyEvents>(config: HttpReceiverConfig) -> (HttpReceiver, EventStream<E>) {
    let (receiver, mut stream) = HttpReceiver::bind::<E>(config).await.unwrap();
    match next(&mut stream).await {
        EventItem::State(Connection::Listening { addr }) => assert_eq!(addr, receiver.local_addr()),
        other => panic!("first item {other:?}"),
    }
    (receiver, stream)
}

/// An answer, checked to be a complete HTTP/1.1 response that closes.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then_some(v.trim())
        })
    }
}

/// Sends `bytes` on a new connection (closing the sending side after them when `close`),
/// and reads the answer until the receiver closes.
pub async fn exchange(addr: SocketAddr, bytes: &[u8], close: bool) -> Answer {
    let run = async {
        let mut tcp = TcpStream::connect(addr).await.unwrap();
        tcp.write_all(bytes).await.unwrap();
        if close {
            tcp.shutdown().await.unwrap();
        }
        let mut answer = Vec::new();
        tcp.read_to_end(&mut answer).await.unwrap();
        answer
    };
    let answer = tokio::time::timeout(WAIT, run)
        .await
        .expect("no answer in time");
    parse(&answer)
}

/// Sends and keeps the connection open for writing (the usual PBX).
pub async fn send(addr: SocketAddr, bytes: &[u8]) -> Answer {
    exchange(addr, bytes, false).await
}

/// Parses a response and checks its framing.
pub fn parse(answer: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(answer).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no head end: {text:?}"));
    let mut answer = Answer {
        status: 0,
        head: head.to_owned(),
        body: body.to_owned(),
    };
    let status_line = head.lines().next().unwrap();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    answer.status = status_line[9..12].parse().unwrap();
    assert_eq!(answer.header("connection"), Some("close"), "{text}");
    let length: usize = answer
        .header("content-length")
        .expect("Content-Length")
        .parse()
        .unwrap();
    assert_eq!(length, answer.body.len(), "{text}");
    answer
}

/// A POST of `body` to `/` with `Content-Length`, CRLF line ends.
pub fn post(body: &str) -> Vec<u8> {
    format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// The next item, within [`WAIT`].
pub async fn next<E>(stream: &mut EventStream<E>) -> EventItem<E> {
    tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("no item in time")
        .expect("stream ended")
}

/// The next event's decoded value.
pub async fn next_event<E: FamilyEvents>(stream: &mut EventStream<E>) -> E {
    match next(stream).await {
        EventItem::Event(received) => received.event,
        other => panic!("expected an event, got {other:?}"),
    }
}

/// Asserts that nothing more is queued within a short while.
pub async fn nothing_more<E: std::fmt::Debug>(stream: &mut EventStream<E>) {
    if let Ok(item) = tokio::time::timeout(Duration::from_millis(300), stream.next()).await {
        panic!("unexpected item {item:?}");
    }
}
