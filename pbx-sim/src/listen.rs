//! The accept loop: at most `max_connections` connections at once (the next ones wait in the
//! operating system's queue), each served on its own task, over TLS when configured. The
//! tasks belong to the loop, so stopping the loop closes every connection.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::limits::ServerLimits;
use crate::log::ExchangeLog;

/// What each connection is served with.
pub(crate) struct Served {
    /// The router every request goes to.
    pub app: axum::Router,
    /// The limits.
    pub limits: ServerLimits,
    /// The exchange log, for exchanges no endpoint answered.
    pub log: Arc<ExchangeLog>,
}

/// Plain HTTP, or HTTPS with this acceptor.
pub(crate) enum Security {
    Plain,
    #[cfg(feature = "tls")]
    Tls(crate::tls::Tls),
}

/// Accepts and serves connections until the task running it is aborted.
pub(crate) async fn accept_loop(listener: TcpListener, served: Served, security: Security) {
    let served = Arc::new(served);
    let security = Arc::new(security);
    let slots = Arc::new(Semaphore::new(served.limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let tcp = match listener.accept().await {
            Ok((tcp, _)) => tcp,
            Err(_) => {
                // Out of file descriptors or a connection reset before it was accepted: try
                // again shortly rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        while connections.try_join_next().is_some() {}
        let (served, security) = (served.clone(), security.clone());
        connections.spawn(async move {
            let _slot = slot;
            match &*security {
                Security::Plain => crate::connection::serve(tcp, served).await,
                #[cfg(feature = "tls")]
                Security::Tls(tls) => {
                    if let Some(stream) = tls.handshake(tcp, served.limits.tls_handshake).await {
                        crate::connection::serve(stream, served).await;
                    }
                }
            }
        });
    }
}
