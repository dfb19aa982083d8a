//! The request line and headers, read as the PBXes send them rather than as RFC 9112 wants
//! them (events.md 1a, 1b, from the vendors' own examples):
//!
//! * `POST  HTTP/1.1`: no target, two spaces (OpenVox): the path is `/`;
//! * `Host:172.16.6.150` (no space after the colon) and `Host: 172.16.6.150: 8260`;
//! * a header repeated (`Accept` twice, API 2.0), no `User-Agent`;
//! * LF or CRLF line ends;
//! * **no blank line** before the body (OpenVox RING/ALERT, BootUp): the first line that is
//!   not `token ":" value` starts the body. This is decided as soon as such a byte arrives, so
//!   a body without a final newline is not waited for.
//!
//! Also: a target in absolute form (`http://host/path`), a target with unescaped spaces
//! (everything between the method and the final `HTTP/x.y` is the target), a request line
//! with no version, empty lines before the request line, and folded header lines.

use tokio::io::AsyncRead;
use tokio::time::Instant;

use super::input::{Input, ReadError};

/// The most header lines read.
const MAX_HEADERS: usize = 128;

/// A request's line and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The method as sent, upper-cased (`POST`).
    pub method: String,
    /// The path without the query, starting with `/` (`/` when the PBX sent none).
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Every header in order, names as sent, values trimmed.
    pub headers: Vec<(String, String)>,
    /// Whether a blank line ended the headers (`false`: the body's first line followed the
    /// last header, or the peer closed).
    pub blank_line: bool,
}

impl Head {
    /// Every value of a header, case-insensitively by name.
    pub(crate) fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a header.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a line (or the start of one) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// The blank line that ends the headers.
    Blank,
    /// `name: value`.
    Header,
    /// A continuation of the previous header (starts with a space or a tab).
    Fold,
    /// Not a header: the body starts here.
    Body,
    /// Cannot tell yet: read more.
    Incomplete,
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Classifies `line` (without its `\n`); `complete` says whether its `\n` has arrived.
fn classify(line: &[u8], complete: bool) -> Line {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match line.first() {
        None if complete => return Line::Blank,
        None => return Line::Incomplete,
        Some(b' ' | b'\t') => {
            return if complete {
                Line::Fold
            } else {
                Line::Incomplete
            };
        }
        Some(_) => {}
    }
    let name_end = line
        .iter()
        .position(|&b| !is_tchar(b))
        .unwrap_or(line.len());
    if name_end == 0 {
        return Line::Body;
    }
    let rest = line.get(name_end..).unwrap_or_default();
    let after_space = rest.iter().position(|&b| b != b' ' && b != b'\t');
    match after_space.and_then(|i| rest.get(i)) {
        Some(b':') => {
            if complete {
                Line::Header
            } else {
                Line::Incomplete
            }
        }
        Some(_) => Line::Body,
        None if complete => Line::Body,
        None => Line::Incomplete,
    }
}

/// Reads the request line and headers; the body's first bytes stay pending in `input`.
pub(crate) async fn read_head<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    max_head: usize,
    deadline: Instant,
) -> Result<Head, ReadError> {
    let mut used = 0usize;
    let request_line = loop {
        let line = next_line(input, &mut used, max_head, deadline).await?;
        match line {
            None => return Err(ReadError::Closed),
            Some(line) if line.iter().all(|b| b.is_ascii_whitespace()) => continue,
            Some(line) => break line,
        }
    };
    let (method, path, query) = parse_request_line(&request_line)?;
    let mut head = Head {
        method,
        path,
        query,
        headers: Vec::new(),
        blank_line: false,
    };
    loop {
        let pending = input.pending();
        let (line, complete) = match pending.iter().position(|&b| b == b'\n') {
            Some(end) => (pending.get(..end).unwrap_or_default(), true),
            None => (pending, false),
        };
        let len = line.len();
        let kind = match classify(line, complete) {
            Line::Incomplete if input.at_eof() => Line::Body,
            Line::Fold if head.headers.is_empty() => Line::Body,
            kind => kind,
        };
        if kind != Line::Body && used + len > max_head {
            return Err(ReadError::HeadTooLarge);
        }
        match kind {
            Line::Blank => {
                input.consume(len + 1);
                head.blank_line = true;
                return Ok(head);
            }
            Line::Body => return Ok(head),
            Line::Header | Line::Fold => {
                let text =
                    String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line)).into_owned();
                if kind == Line::Fold {
                    if let Some((_, value)) = head.headers.last_mut() {
                        value.push(' ');
                        value.push_str(text.trim());
                    }
                } else if let Some((name, value)) = text.split_once(':') {
                    if head.headers.len() >= MAX_HEADERS {
                        return Err(ReadError::HeadTooLarge);
                    }
                    head.headers
                        .push((name.trim().to_owned(), value.trim().to_owned()));
                }
                used += len + 1;
                input.consume(len + 1);
            }
            Line::Incomplete => {
                input.fill(deadline).await?;
            }
        }
    }
}

/// The next complete line, consumed (`None`: the peer closed first).
async fn next_line<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    used: &mut usize,
    max_head: usize,
    deadline: Instant,
) -> Result<Option<Vec<u8>>, ReadError> {
    loop {
        let pending = input.pending();
        if let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let line = pending.get(..end).unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line).to_vec();
            *used += end + 1;
            input.consume(end + 1);
            return Ok(Some(line));
        }
        if *used + pending.len() > max_head {
            return Err(ReadError::HeadTooLarge);
        }
        if input.at_eof() || input.fill(deadline).await? == 0 {
            return if input.pending().is_empty() {
                Ok(None)
            } else {
                Err(ReadError::Malformed("the request line has no end"))
            };
        }
    }
}

/// `METHOD target HTTP/x.y`, tolerantly: (method, path, query).
fn parse_request_line(line: &[u8]) -> Result<(String, String, String), ReadError> {
    let text = String::from_utf8_lossy(line);
    let (method, rest) = text.split_once([' ', '\t']).unwrap_or((&text, ""));
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(ReadError::Malformed("the request line has no method"));
    }
    let rest = rest.trim();
    let target = match rest.rsplit_once([' ', '\t']) {
        Some((target, version)) if is_version(version) => target.trim(),
        _ if is_version(rest) => "",
        _ => rest,
    };
    let (path, query) = split_target(target);
    Ok((method.to_ascii_uppercase(), path, query))
}

fn is_version(word: &str) -> bool {
    word.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("HTTP/"))
}

/// Origin or absolute form → (path starting with `/`, query).
fn split_target(target: &str) -> (String, String) {
    let mut target = target;
    for scheme in ["http://", "https://"] {
        if target
            .get(..scheme.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
        {
            let after = target.get(scheme.len()..).unwrap_or_default();
            let end = after.find(['/', '?']).unwrap_or(after.len());
            target = after.get(end..).unwrap_or_default();
        }
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    (path, query.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> (String, String, String) {
        parse_request_line(text.as_bytes()).unwrap()
    }

    #[test]
    fn request_lines_as_pbxes_send_them() {
        let post = |p: &str, q: &str| ("POST".to_owned(), p.to_owned(), q.to_owned());
        assert_eq!(line("POST  HTTP/1.1"), post("/", ""));
        assert_eq!(line("POST / HTTP/1.1"), post("/", ""));
        assert_eq!(line("post /r?a=1 HTTP/1.0"), post("/r", "a=1"));
        assert_eq!(
            line("POST http://10.0.0.1:8260/x?y HTTP/1.1"),
            post("/x", "y")
        );
        assert_eq!(line("POST http://10.0.0.1:8260 HTTP/1.1"), post("/", ""));
        assert_eq!(
            line("POST callevent.php?a=b HTTP/1.1"),
            post("/callevent.php", "a=b")
        );
        assert_eq!(
            line("POST /x?name=John Doe HTTP/1.1"),
            post("/x", "name=John Doe")
        );
        assert_eq!(line("POST /nover"), post("/nover", ""));
        assert!(parse_request_line(b" / HTTP/1.1").is_err());
        assert!(parse_request_line(b"{\"a\":1}").is_err());
    }

    #[test]
    fn header_lines_and_body_starts() {
        assert_eq!(classify(b"Host:172.16.6.150", true), Line::Header);
        assert_eq!(classify(b"Host: 172.16.6.150: 8260\r", true), Line::Header);
        assert_eq!(classify(b"Host :x", true), Line::Header);
        assert_eq!(classify(b"\r", true), Line::Blank);
        assert_eq!(classify(b"", true), Line::Blank);
        assert_eq!(classify(b"  folded", true), Line::Fold);
        // The body's first line, complete or not: decided at its first byte.
        assert_eq!(classify(b"{\"action\":\"ALERT\"", false), Line::Body);
        assert_eq!(classify(b"{", true), Line::Body);
        assert_eq!(classify(b"cid_num=101&x=2", false), Line::Body);
        assert_eq!(classify(b"plain text", true), Line::Body);
        assert_eq!(classify(b"nocolon", true), Line::Body);
        // Too early to tell.
        assert_eq!(classify(b"Conte", false), Line::Incomplete);
        assert_eq!(classify(b"Host: 1", false), Line::Incomplete);
        assert_eq!(classify(b"", false), Line::Incomplete);
    }
}
