//! HTTPS for the simulator (feature `tls`): the TLS handshake of each accepted connection,
//! bounded in time, for testing how clients trust (or refuse) a PBX's certificate.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;

/// The server side of TLS; failed or slow handshakes are dropped.
pub(crate) struct Tls {
    acceptor: TlsAcceptor,
}

impl Tls {
    pub fn new(config: Arc<ServerConfig>) -> Tls {
        Tls {
            acceptor: TlsAcceptor::from(config),
        }
    }

    /// The handshake, or `None` if it fails or takes longer than `limit`.
    pub async fn handshake(&self, tcp: TcpStream, limit: Duration) -> Option<TlsStream<TcpStream>> {
        tokio::time::timeout(limit, self.acceptor.accept(tcp))
            .await
            .ok()?
            .ok()
    }
}
