//! The bytes a connection has sent so far, read on demand under a deadline. The request
//! reader looks at them line by line without consuming, because a header line and the first
//! line of a body that follows the headers without a blank line are told apart only by
//! looking.

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::Instant;

/// Why reading a request stopped before it was complete.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed (or reset) before sending a request line: nothing to answer.
    Closed,
    /// A deadline passed: `408`.
    Timeout,
    /// The request line and headers are over the cap: `431`.
    HeadTooLarge,
    /// The body is over the cap: `413`.
    BodyTooLarge,
    /// A framing `Transfer-Encoding` other than `chunked`: `501`.
    Unsupported,
    /// Not HTTP as any PBX sends it (no method, a broken `Content-Length` or chunk): `400`.
    Malformed(&'static str),
}

/// A connection's received bytes: `buf[start..]` is not yet consumed.
pub(crate) struct Input<S> {
    stream: S,
    buf: Vec<u8>,
    start: usize,
    eof: bool,
}

impl<S: AsyncRead + Unpin> Input<S> {
    /// Nothing read yet.
    pub(crate) fn new(stream: S) -> Self {
        Input {
            stream,
            buf: Vec::with_capacity(1024),
            start: 0,
            eof: false,
        }
    }

    /// The bytes received and not consumed.
    pub(crate) fn pending(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// Consumes `n` pending bytes (at most all of them).
    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.buf.len());
    }

    /// Takes every pending byte.
    pub(crate) fn take_pending(&mut self) -> Vec<u8> {
        let taken = self.pending().to_vec();
        self.start = self.buf.len();
        taken
    }

    /// Whether the peer has closed its sending side.
    pub(crate) fn at_eof(&self) -> bool {
        self.eof
    }

    /// Reads more bytes before `deadline`. `Ok(0)` means the peer closed; a reset counts as
    /// a close (what was received is still looked at).
    pub(crate) async fn fill(&mut self, deadline: Instant) -> Result<usize, ReadError> {
        if self.eof {
            return Ok(0);
        }
        if self.start > 0 && self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
        let mut chunk = [0u8; 4096];
        match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
            Err(_) => Err(ReadError::Timeout),
            Ok(Err(_)) | Ok(Ok(0)) => {
                self.eof = true;
                Ok(0)
            }
            Ok(Ok(n)) => {
                self.buf
                    .extend_from_slice(chunk.get(..n).unwrap_or_default());
                Ok(n)
            }
        }
    }

    /// Reads until at least `n` bytes are pending, the peer closes, or `deadline` passes.
    pub(crate) async fn fill_to(&mut self, n: usize, deadline: Instant) -> Result<(), ReadError> {
        while self.pending().len() < n {
            if self.fill(deadline).await? == 0 {
                return Ok(());
            }
        }
        Ok(())
    }
}
