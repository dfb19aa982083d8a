//! Exit codes, so scripts can tell what kind of failure happened and whether sending again
//! is safe: 5 means nothing reached the PBX, 7 means the request went out and its outcome is
//! unknown.

/// How `pbx` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the PBX answered with success.
    Ok,
    /// 1: `pbx` itself could not run.
    Internal,
    /// 2: the command line or a setting was wrong; nothing was sent.
    Usage,
    /// 3: the request breaks its spec; nothing was sent.
    InvalidRequest,
    /// 4: the PBX refused the request with a vendor error.
    Vendor,
    /// 5: the PBX could not be reached (connection refused, connect timeout, TLS refused):
    /// nothing was sent, so sending again is safe.
    Transport,
    /// 6: logging in or HTTP authentication failed.
    Auth,
    /// 7: the request went out but no answer came (connection dropped, timed out): the PBX
    /// may have acted on it.
    SentNoAnswer,
    /// 8: the PBX answered with something unreadable, or with an HTTP error status.
    BadAnswer,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Internal => 1,
            Exit::Usage => 2,
            Exit::InvalidRequest => 3,
            Exit::Vendor => 4,
            Exit::Transport => 5,
            Exit::Auth => 6,
            Exit::SentNoAnswer => 7,
            Exit::BadAnswer => 8,
        }
    }
}

/// The exit codes as `--help` shows them (README.md has the same table).
pub const HELP: &str = "\
Exit codes:
  0  success
  1  pbx itself could not run
  2  usage or settings wrong (nothing sent)
  3  the request breaks its spec (nothing sent)
  4  the PBX refused the request (vendor error)
  5  the PBX could not be reached: connection refused, connect timeout, TLS refused
     (nothing sent: safe to retry)
  6  authentication failed
  7  sent, outcome unknown: the connection dropped or timed out after the request went out
     (the PBX may have acted: check before retrying)
  8  the PBX's answer was unreadable, or an HTTP error status";
