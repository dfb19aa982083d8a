//! A request's body: `Content-Length` bytes, chunks, or, for a PBX that sends neither, the
//! bytes until the peer closes or they form one complete JSON value (the OpenVox/Yeastar
//! BootUp example has no `Content-Length`, and the PBX may wait for the answer before it
//! closes), always under the cap and the body timeout.

use std::time::Duration;

use tokio::io::AsyncRead;
use tokio::time::Instant;

use super::input::{Input, ReadError};
use super::request::Head;

/// How the body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// `Content-Length: n`.
    Length(usize),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Neither: until the peer closes, a complete JSON value, or `unframed_idle` of silence.
    Unframed,
    /// No body (a `GET` whose headers ended with a blank line and no length).
    Empty,
}

/// The body's limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// The largest body read.
    pub max_body: usize,
    /// When the body must be complete.
    pub deadline: Instant,
    /// Silence that ends an unframed body.
    pub unframed_idle: Duration,
}

/// The body's framing from the headers.
pub(crate) fn framing(head: &Head) -> Result<Framing, ReadError> {
    if let Some(codings) = head.values("transfer-encoding").last() {
        let last = codings.rsplit(',').next().unwrap_or_default().trim();
        return if last.eq_ignore_ascii_case("chunked") {
            Ok(Framing::Chunked)
        } else {
            Err(ReadError::Unsupported)
        };
    }
    let mut length = None;
    for value in head.values("content-length").flat_map(|v| v.split(',')) {
        let value = value.trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ReadError::Malformed("Content-Length is not a number"));
        }
        let n: usize = value
            .parse()
            .map_err(|_| ReadError::Malformed("Content-Length is not a number"))?;
        if length.is_some_and(|l| l != n) {
            return Err(ReadError::Malformed("two different Content-Length values"));
        }
        length = Some(n);
    }
    Ok(match length {
        Some(n) => Framing::Length(n),
        None if !head.blank_line => Framing::Unframed,
        None if head.method == "GET" || head.method == "HEAD" => Framing::Empty,
        None => Framing::Unframed,
    })
}

/// Reads the body the framing describes.
pub(crate) async fn read_body<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    framing: Framing,
    limits: BodyLimits,
) -> Result<Vec<u8>, ReadError> {
    match framing {
        Framing::Empty => Ok(Vec::new()),
        Framing::Length(n) => {
            if n > limits.max_body {
                return Err(ReadError::BodyTooLarge);
            }
            // A peer that closes early has sent what it had: it is kept (and decoded).
            input.fill_to(n, limits.deadline).await?;
            let mut body = input.take_pending();
            body.truncate(n);
            Ok(body)
        }
        Framing::Chunked => read_chunked(input, limits).await,
        Framing::Unframed => read_unframed(input, limits).await,
    }
}

async fn read_unframed<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    limits: BodyLimits,
) -> Result<Vec<u8>, ReadError> {
    loop {
        let pending = input.pending();
        if pending.len() > limits.max_body {
            return Err(ReadError::BodyTooLarge);
        }
        if input.at_eof() || is_complete_json(pending) {
            return Ok(input.take_pending());
        }
        let idle = Instant::now() + limits.unframed_idle;
        match input.fill(idle.min(limits.deadline)).await {
            Ok(_) => {}
            Err(ReadError::Timeout) if idle < limits.deadline => return Ok(input.take_pending()),
            Err(e) => return Err(e),
        }
    }
}

async fn read_chunked<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    limits: BodyLimits,
) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = read_line(input, limits.deadline).await?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| ReadError::Malformed("a chunk size is not hexadecimal"))?;
        if size == 0 {
            // Trailers, up to the blank line (or the peer's close).
            while !read_line(input, limits.deadline).await?.is_empty() {}
            return Ok(body);
        }
        if body.len().saturating_add(size) > limits.max_body {
            return Err(ReadError::BodyTooLarge);
        }
        input.fill_to(size, limits.deadline).await?;
        let chunk = input.pending();
        let Some(data) = chunk.get(..size) else {
            return Err(ReadError::Malformed("the body ended inside a chunk"));
        };
        body.extend_from_slice(data);
        input.consume(size);
        read_line(input, limits.deadline).await?;
    }
}

/// A line up to `\n` (without `\r\n`); empty at the peer's close. Bounded: chunk lines are
/// short, so a long one is refused.
async fn read_line<S: AsyncRead + Unpin>(
    input: &mut Input<S>,
    deadline: Instant,
) -> Result<String, ReadError> {
    loop {
        let pending = input.pending();
        if let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let line = pending.get(..end).unwrap_or_default();
            let line = String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line));
            let line = line.into_owned();
            input.consume(end + 1);
            return Ok(line);
        }
        if pending.len() > 1024 {
            return Err(ReadError::Malformed("a chunk line is too long"));
        }
        if input.fill(deadline).await? == 0 {
            return Ok(String::new());
        }
    }
}

/// Whether `bytes` (after leading whitespace) hold one complete JSON object or array.
pub(crate) fn is_complete_json(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(rest) = start.and_then(|s| bytes.get(s..)) else {
        return false;
    };
    if !matches!(rest.first(), Some(b'{' | b'[')) {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in rest {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_complete_json;

    #[test]
    fn complete_json_values() {
        assert!(is_complete_json(b"{\"a\":1}"));
        assert!(is_complete_json(b"\n  {\n \"a\": \"}{\" }\n"));
        assert!(is_complete_json(b"[1,[2]]"));
        assert!(!is_complete_json(b"{\"a\":\"\\\"}\""));
        assert!(is_complete_json(b"{\"a\":\"\\\"}\"}"));
        assert!(!is_complete_json(b"{\"a\":[1}"));
        assert!(!is_complete_json(b"a=1&b=2"));
        assert!(!is_complete_json(b"   "));
    }
}
