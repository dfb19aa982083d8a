//! Raw HTTP/1.1 on loopback, so tests send requests exactly as foreign clients build them
//! (methods, headers, bodies and paths no typed client would produce).

#![allow(dead_code)]

pub mod raw;
pub mod switchvox;

use std::time::Duration;

use pbx_sim::{SimConfig, Simulator};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Every exchange of these tests is bounded by this.
const LIMIT: Duration = Duration::from_secs(10);

/// An answer: the HTTP status and the body as JSON (`Null` when it is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// The status line and headers, as sent.
    pub head: String,
    pub body: String,
    pub json: serde_json::Value,
}

impl Answer {
    /// The S-Series-style `errno`, if the answer is `{"status":"Failed","errno":..}`.
    pub fn errno(&self) -> Option<&str> {
        (self.json["status"] == "Failed")
            .then(|| self.json["errno"].as_str())
            .flatten()
    }

    /// Whether the answer is `{"status":"Success",..}` with HTTP 200.
    pub fn success(&self) -> bool {
        self.status == 200 && self.json["status"] == "Success"
    }

    /// The P-Series `(errcode, errmsg)`.
    pub fn errcode(&self) -> (i64, &str) {
        (
            self.json["errcode"].as_i64().unwrap_or(i64::MIN),
            self.json["errmsg"].as_str().unwrap_or(""),
        )
    }

    /// The value of header `name` (case-insensitive), if the answer has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    /// A string member of the JSON answer.
    pub fn str(&self, name: &str) -> String {
        self.json[name].as_str().unwrap_or_default().to_owned()
    }
}

/// Sends one request to the simulator at `addr` and reads the whole answer.
pub async fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    tokio::time::timeout(LIMIT, exchange(addr, method, path_and_query, headers, body))
        .await
        .expect("the simulator answers within the limit")
}

async fn exchange(
    addr: std::net::SocketAddr,
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connect to the simulator on loopback");
    let mut head = format!("{method} {path_and_query} HTTP/1.1\r\nHost: {addr}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_owned(),
        json: serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
        body: body.to_owned(),
    }
}

/// Lowercase hex MD5, as the S-Series clients hash the API password.
pub fn md5_hex(text: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The simulator's default API password.
pub const PASSWORD: &str = "Secret123";

/// Headers python-requests sends with `json=`: its own User-Agent, and JSON.
pub const REQUESTS_JSON: &[(&str, &str)] = &[
    ("User-Agent", "python-requests/2.31.0"),
    ("Accept", "*/*"),
    ("Content-Type", "application/json"),
];
/// Headers of a python-requests call without a body (`requests.post(url)`, `requests.get`).
pub const REQUESTS_BARE: &[(&str, &str)] =
    &[("User-Agent", "python-requests/2.31.0"), ("Accept", "*/*")];
/// Headers Laravel's `Http::post` sends through Guzzle: Guzzle's User-Agent, and JSON.
pub const GUZZLE_JSON: &[(&str, &str)] = &[
    ("User-Agent", "GuzzleHttp/7"),
    ("Content-Type", "application/json"),
];

pub async fn sim() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("a simulator on 127.0.0.1")
}

/// python-requests' `json=` encoding (`json.dumps`: `", "` and `": "` separators).
pub fn py_json(value: &Value) -> Vec<u8> {
    let compact = value.to_string();
    // serde_json writes no spaces; json.dumps puts one after each `,` and `:` between tokens.
    let mut out = String::with_capacity(compact.len() * 2);
    let mut in_string = false;
    let mut escaped = false;
    for c in compact.chars() {
        out.push(c);
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' || c == ':' {
            out.push(' ');
        }
    }
    out.into_bytes()
}

/// The P-Series guide's headers (NaN-tic/trytond-yeastar_api@04285ff:api.py `HEADERS`):
/// JSON, `User-Agent: OpenAPI`.
pub const OPENAPI_JSON: &[(&str, &str)] = &[
    ("User-Agent", "OpenAPI"),
    ("Content-Type", "application/json"),
];
