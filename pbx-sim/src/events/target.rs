//! Where a session's reports go, and the request each one is sent as.
//!
//! The target is the login's `port` (and `url`, `urltag` 0 = a path on the client's address,
//! 1 = an absolute `host:port/path`), re-pointed by `heartbeat`'s `ipaddr` and `port` (XS
//! `api-yan-zheng/deng-lu.md`, `api-xin-tiao-bao.md`;
//! `https://help.yeastar.com/en/s-series-developer/api/heartbeat_packet.html`). The simulator
//! listens on 127.0.0.1 only, so the client's address at login is 127.0.0.1. A target that is
//! not a loopback address is never contacted: the report is dropped, counted and logged.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::v1::Body;

/// A receiver's address and the request target written on the request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The host as registered (an IP address, or `localhost`).
    pub host: String,
    pub port: u16,
    /// `/` where none was given; `/report` for `url` "report".
    pub path: String,
    /// The `url` exactly as registered (OpenVox's malformed request line writes it as is).
    pub raw_url: String,
}

impl Target {
    /// The target a login names: the client's address (loopback), its `port`, `url`, `urltag`.
    pub fn login(port: &str, url: Option<&str>, tag: Option<i64>) -> Result<Target, String> {
        Target::new("127.0.0.1", port, url, tag)
    }

    /// The target a heartbeat names.
    pub fn new(
        host: &str,
        port: &str,
        url: Option<&str>,
        tag: Option<i64>,
    ) -> Result<Target, String> {
        let port: u16 = port
            .trim()
            .parse()
            .map_err(|_| format!("report port `{port}` is not a port"))?;
        let raw = url.unwrap_or("").trim();
        if tag == Some(1) && !raw.is_empty() {
            let (host, url_port, path) = split_url(raw)
                .ok_or_else(|| format!("report url `{raw}` is not host:port/path"))?;
            return Ok(Target {
                host,
                port: url_port.unwrap_or(port),
                path,
                raw_url: raw.to_owned(),
            });
        }
        Ok(Target {
            host: host.trim().to_owned(),
            port,
            path: format!("/{}", raw.trim_start_matches('/')),
            raw_url: raw.to_owned(),
        })
    }

    /// The socket address, if the host is a loopback address (`localhost` is 127.0.0.1; no
    /// name is ever looked up).
    pub fn loopback(&self) -> Option<SocketAddr> {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let ip: IpAddr = if host.eq_ignore_ascii_case("localhost") {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            host.parse().ok()?
        };
        ip.is_loopback().then_some(SocketAddr::new(ip, self.port))
    }
}

/// `[http://]host[:port][/path]` → its parts; the path is `/` when absent.
pub(crate) fn split_url(url: &str) -> Option<(String, Option<u16>, String)> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("HTTP://"))
        .unwrap_or(url);
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], rest[i..].to_owned()),
        None => (rest, "/".to_owned()),
    };
    let path = if path.starts_with('?') {
        format!("/{path}")
    } else {
        path
    };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, tail) = v6.split_once(']')?;
        (host, tail.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    Some((host.to_owned(), port, path))
}

/// How a family writes the request around a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head {
    /// S-Series and OpenVox: the BootUp example's `POST / HTTP/1.1`, `User-Agent: WebAPI`,
    /// `Host: 172.16.6.150: 8260` (a space after the colon), `Content-Type`, `Accept` (XS
    /// `api-bao-gao-shi-li/untitled.md`; `https://help.yeastar.com/en/s-series-developer/api/api-reports-introduction.html`).
    /// The examples show no `Content-Length`; it is sent, since a receiver cannot find the
    /// body's end without it on a connection the PBX keeps open for the answer.
    Yeastar,
    /// API 2.0: `Host` first and `Accept` twice (`https://help.yeastar.com/en/s-series-developer-v2/api-v2/event-ExtensionStatus.html`).
    V2,
    /// OpenVox's examples: `POST  HTTP/1.1` (the `url` as given between the spaces),
    /// `Host:172.16.6.150`, `Content-Length:NN`, `Accept`, `Content-Type:application/json`,
    /// `Connection:close`, and for RING and ALERT no blank line before the body (XS
    /// `api-bao-gao-shi-li/xiang-ling-hui-ling-bao-gao.md`). The sender closes its side after
    /// the body, as `Connection:close` announces, so a receiver can read to the end.
    OpenVoxMalformed,
}

/// The bytes of one report to `target`.
pub(crate) fn request(head: Head, target: &Target, body: &Body) -> Vec<u8> {
    let n = body.text.len();
    let (host, port) = (&target.host, target.port);
    let text = match head {
        Head::Yeastar => format!(
            "POST {} HTTP/1.1\r\nUser-Agent: WebAPI\r\nHost: {host}: {port}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {n}\r\n\r\n{}",
            target.path, body.text
        ),
        Head::V2 => format!(
            "POST {} HTTP/1.1\r\nHost: {host}: {port}\r\nAccept: application/json\r\nUser-Agent: WebAPI\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {n}\r\n\r\n{}",
            target.path, body.text
        ),
        Head::OpenVoxMalformed => format!(
            "POST {} HTTP/1.1\r\nHost:{host}\r\nContent-Length:{n}\r\nAccept: application/json\r\nContent-Type:application/json\r\nConnection:close\r\n{}{}",
            target.raw_url,
            if body.ring { "" } else { "\r\n" },
            body.text
        ),
    };
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_heartbeat_and_absolute_urls() {
        let t = Target::login("8260", None, None).unwrap();
        assert_eq!((t.path.as_str(), t.port), ("/", 8260));
        assert!(t.loopback().is_some());
        let t = Target::login("8260", Some("report"), Some(0)).unwrap();
        assert_eq!(t.path, "/report");
        let t = Target::login("1", Some("127.0.0.1:9000/in?x=1"), Some(1)).unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1", 9000, "/in?x=1")
        );
        let t = Target::new("10.0.0.1", "8260", None, None).unwrap();
        assert_eq!(t.loopback(), None);
        let t = Target::login("1", Some("http://172.16.6.150:8260/r"), Some(1)).unwrap();
        assert_eq!(t.loopback(), None, "an absolute url elsewhere is refused");
        assert!(
            Target::new("::1", "8260", None, None)
                .unwrap()
                .loopback()
                .is_some()
        );
        assert!(Target::login("x", None, None).is_err());
    }

    #[test]
    fn the_three_request_shapes() {
        let t = Target::login("8260", None, None).unwrap();
        let ring = Body {
            text: "{}".into(),
            ring: true,
        };
        let yeastar = String::from_utf8(request(Head::Yeastar, &t, &ring)).unwrap();
        assert!(
            yeastar
                .starts_with("POST / HTTP/1.1\r\nUser-Agent: WebAPI\r\nHost: 127.0.0.1: 8260\r\n")
        );
        assert!(yeastar.ends_with("Content-Length: 2\r\n\r\n{}"));
        let v2 = String::from_utf8(request(Head::V2, &t, &ring)).unwrap();
        assert_eq!(v2.matches("Accept: application/json").count(), 2);
        let bad = String::from_utf8(request(Head::OpenVoxMalformed, &t, &ring)).unwrap();
        assert!(bad.starts_with("POST  HTTP/1.1\r\nHost:127.0.0.1\r\nContent-Length:2\r\n"));
        assert!(
            bad.ends_with("Connection:close\r\n{}"),
            "no blank line for RING"
        );
    }
}
