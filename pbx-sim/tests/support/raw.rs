//! Byte-exact HTTP exchanges with the simulator, and the Digest `Authorization` headers of
//! foreign clients in their own shapes, so tests send exactly what those clients send.

use std::net::SocketAddr;
use std::time::Duration;

use md5::{Digest, Md5};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const USER: &str = "api";
pub const PASSWORD: &str = "Secret123";
pub const REALM: &str = "switchvox";

/// An answer as it came off the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// A header's value (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The challenge's nonce and opaque.
    pub fn challenge(&self) -> (String, String) {
        let header = self.header("www-authenticate").unwrap_or_default();
        (quoted(header, "nonce"), quoted(header, "opaque"))
    }
}

/// The quoted value of `name` in a challenge.
fn quoted(header: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    header
        .find(&key)
        .map(|i| &header[i + key.len()..])
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// Sends one request (`Connection: close`) and reads the whole answer; bounded in time.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Reply {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if method != "HEAD" && method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    let raw = tokio::time::timeout(Duration::from_secs(10), async {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(&bytes).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    })
    .await
    .expect("the simulator answers within 10 s")
    .expect("exchange");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete answer");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

pub fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The RFC 2617 `qop=auth` response.
pub fn response(method: &str, uri: &str, nonce: &str, nc: &str, cnonce: &str) -> String {
    let ha1 = md5_hex(&format!("{USER}:{REALM}:{PASSWORD}"));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
}

/// A Digest answer with `qop=auth`, in one of the shapes below.
pub struct Answer<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub nonce: &'a str,
    pub opaque: &'a str,
    pub nc: u32,
    pub cnonce: &'a str,
}

impl Answer<'_> {
    fn parts(&self) -> (String, String) {
        let nc = format!("{:08x}", self.nc);
        let r = response(self.method, self.uri, self.nonce, &nc, self.cnonce);
        (nc, r)
    }

    /// python-requests' `HTTPDigestAuth.build_digest_header`
    /// (psf/requests@3148191:src/requests/auth.py): `", "` between fields, `algorithm` and
    /// `qop` quoted, `nc` bare, the counts growing while the nonce stays the same.
    pub fn requests(&self) -> String {
        let (nc, r) = self.parts();
        format!(
            "Digest username=\"{USER}\", realm=\"{REALM}\", nonce=\"{}\", uri=\"{}\", response=\"{r}\", opaque=\"{}\", algorithm=\"MD5\", qop=\"auth\", nc={nc}, cnonce=\"{}\"",
            self.nonce, self.uri, self.opaque, self.cnonce
        )
    }

    /// .NET Framework's `HttpDigest.Authenticate` (reference source
    /// `System/net/System/Net/_DigestClient.cs`, what `HttpWebRequest` with a
    /// `NetworkCredential` sends): fields joined by `","` alone, `algorithm` and `qop` quoted,
    /// `response` and `opaque` last.
    pub fn dotnet(&self) -> String {
        let (nc, r) = self.parts();
        format!(
            "Digest username=\"{USER}\",realm=\"{REALM}\",nonce=\"{}\",uri=\"{}\",algorithm=\"MD5\",cnonce=\"{}\",nc={nc},qop=\"auth\",response=\"{r}\",opaque=\"{}\"",
            self.nonce, self.uri, self.cnonce, self.opaque
        )
    }

    /// curl's `auth_create_digest_http_message` (curl/curl@c948971:lib/vauth/digest.c):
    /// `qop` and `nc` bare, then `opaque` and an unquoted `algorithm` appended.
    pub fn curl(&self) -> String {
        let (nc, r) = self.parts();
        format!(
            "Digest username=\"{USER}\", realm=\"{REALM}\", nonce=\"{}\", uri=\"{}\", cnonce=\"{}\", nc={nc}, qop=auth, response=\"{r}\", opaque=\"{}\", algorithm=MD5",
            self.nonce, self.uri, self.cnonce, self.opaque
        )
    }
}

/// chicks/switchvox@b945a5a:lib/switchvox/net_http_digest_auth.rb: RFC 2069 Digest (no `qop`,
/// `nc` or `cnonce`), its five fields an array that Net::HTTP joins with `", "`
/// (ruby/ruby@6d728bd:lib/net/http/header.rb, `each_capitalized`).
pub fn ruby_rfc2069(method: &str, uri: &str, nonce: &str) -> String {
    let ha1 = md5_hex(&format!("{USER}:{REALM}:{PASSWORD}"));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    let r = md5_hex(&format!("{ha1}:{nonce}:{ha2}"));
    format!(
        "Digest username=\"{USER}\", realm=\"{REALM}\", uri=\"{uri}\", nonce=\"{nonce}\", response=\"{r}\""
    )
}

/// `Authorization: Basic` for the simulator's credentials.
pub fn basic() -> String {
    use pbx_api::wire::base64::encode;
    format!("Basic {}", encode(format!("{USER}:{PASSWORD}").as_bytes()))
}
