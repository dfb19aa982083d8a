//! The answer: a complete HTTP/1.1 response with `Content-Length` and `Connection: close`,
//! after which the receiver closes (API 2.0: "The application server should disconnect the
//! TCP connection after receiving an event",
//! <https://help.yeastar.com/en/k2-developer-v2/api-v2/api-reports.html>).

use std::time::Duration;

use tokio::io::{AsyncWrite, AsyncWriteExt};

/// The empty XML a Switchvox trigger is answered with: "Return empty XML for this request"
/// (<http://developers.digium.com/switchvox/wiki/index.php/UrlManagerAPI_xml>); for incoming
/// and route-to-extension triggers every tag inside `<response>` is optional.
pub(crate) const EMPTY_XML: &[u8] = b"<response></response>";

/// One response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reply {
    /// The status code.
    pub status: u16,
    /// `Content-Type`, where there is a body.
    pub content_type: Option<&'static str>,
    /// The body.
    pub body: &'static [u8],
}

impl Reply {
    /// `200` with no body (what the HTTP reports and the webhook expect: no body is defined).
    pub(crate) const OK: Reply = Reply {
        status: 200,
        content_type: None,
        body: b"",
    };

    /// `200` with the empty XML (Switchvox triggers).
    pub(crate) const OK_XML: Reply = Reply {
        status: 200,
        content_type: Some("text/xml"),
        body: EMPTY_XML,
    };

    /// An error status, its reason phrase as a plain-text body.
    pub(crate) fn error(status: u16) -> Reply {
        Reply {
            status,
            content_type: Some("text/plain"),
            body: reason(status).as_bytes(),
        }
    }

    /// An error status with its own plain-text body.
    pub(crate) fn error_saying(status: u16, text: &'static str) -> Reply {
        Reply {
            body: text.as_bytes(),
            ..Reply::error(status)
        }
    }

    /// The response's bytes.
    pub(crate) fn to_bytes(self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        if let Some(kind) = self.content_type {
            out.push_str(&format!("Content-Type: {kind}\r\n"));
        }
        if self.status == 503 {
            out.push_str("Retry-After: 1\r\n");
        }
        if self.status == 405 {
            out.push_str("Allow: GET, POST\r\n");
        }
        out.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(self.body);
        bytes
    }
}

/// The reason phrase of the statuses the receiver sends.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Writes `reply` and closes the sending side, within `timeout`.
pub(crate) async fn send<S: AsyncWrite + Unpin>(
    stream: &mut S,
    reply: Reply,
    timeout: Duration,
) -> std::io::Result<()> {
    let bytes = reply.to_bytes();
    let write = async {
        stream.write_all(&bytes).await?;
        stream.flush().await?;
        stream.shutdown().await
    };
    tokio::time::timeout(timeout, write)
        .await
        .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_complete() {
        assert_eq!(
            Reply::OK.to_bytes(),
            b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(
            Reply::OK_XML.to_bytes(),
            &b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 21\r\n\
               Connection: close\r\n\r\n<response></response>"[..]
        );
        let busy = String::from_utf8(Reply::error(503).to_bytes()).unwrap();
        assert!(
            busy.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{busy}"
        );
        assert!(busy.contains("Retry-After: 1\r\n"), "{busy}");
        assert!(busy.ends_with("\r\n\r\nService Unavailable"), "{busy}");
    }
}
