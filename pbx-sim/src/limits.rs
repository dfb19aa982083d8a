//! How much a client may hold of the simulator: its connection, header and body limits.

use std::time::Duration;

/// Limits that keep the simulator answering while clients misbehave (half-open connections,
/// headers sent a byte a minute, huge bodies), as a real PBX's web server does.
///
/// A connection that breaks a time limit is closed without an answer; a body over the cap
/// gets `413 Payload Too Large`, a body not received in time `408 Request Timeout`, and both
/// close the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    /// Connections served at once (default 1024). Beyond it new connections wait, queued by
    /// the operating system, until one closes; the timeouts below make sure one does.
    pub max_connections: usize,
    /// Time for a request's headers (default 10 s): from the first byte of a request, or
    /// from the connection's opening for its first request.
    pub header_read: Duration,
    /// Time a kept-alive connection may sit between requests with no byte in either
    /// direction (default 60 s).
    pub idle: Duration,
    /// Time for a request's body once its headers arrived (default 10 s).
    pub body_read: Duration,
    /// The largest request body accepted, in bytes (default 1 MiB; PBX requests are a few
    /// hundred bytes).
    pub max_body: usize,
    /// Time for a TLS handshake (default 10 s).
    pub tls_handshake: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_connections: 1024,
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            body_read: Duration::from_secs(10),
            max_body: 1024 * 1024,
            tls_handshake: Duration::from_secs(10),
        }
    }
}
