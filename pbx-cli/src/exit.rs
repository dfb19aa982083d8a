//! Exit codes, so scripts can tell what kind of failure happened.

/// How `pbx` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the PBX answered with success.
    Ok,
    /// 2: the command line was wrong.
    Usage,
    /// 3: the request breaks its spec; nothing was sent.
    InvalidRequest,
    /// 4: the PBX refused the request with a vendor error.
    Vendor,
    /// 5: the PBX could not be reached, or answered with something unreadable.
    Transport,
    /// 6: logging in or HTTP authentication failed.
    Auth,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Usage => 2,
            Exit::InvalidRequest => 3,
            Exit::Vendor => 4,
            Exit::Transport => 5,
            Exit::Auth => 6,
        }
    }

    /// A short name, for JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Exit::Ok => "ok",
            Exit::Usage => "usage",
            Exit::InvalidRequest => "invalid_request",
            Exit::Vendor => "vendor",
            Exit::Transport => "transport",
            Exit::Auth => "auth",
        }
    }
}
