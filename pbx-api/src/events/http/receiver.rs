//! [`HttpReceiver`]: binds, accepts at most `max_connections` connections at once (the next
//! ones wait in the operating system's queue), serves each on its own task, and stops when
//! asked or when the stream is dropped.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pbx_wire::event::FamilyEvents;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};

use super::config::HttpReceiverConfig;
use super::dedup::Window;
use super::exchange::{self, Shared};
use super::stats::{ReceiverStats, Stats};
use crate::events::{Connection, EventItem, EventQueue, EventStream, queue};

/// How often the accept loop looks whether the stream was dropped.
const CLOSED_POLL: Duration = Duration::from_millis(50);

/// A running HTTP event receiver: the handle to its address, counters and shutdown. The
/// events come through the [`EventStream`] [`HttpReceiver::bind`] returns with it.
///
/// Dropping the handle leaves the receiver running until the stream is dropped.
#[derive(Debug)]
pub struct HttpReceiver {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    stats: Arc<Stats>,
    task: JoinHandle<()>,
}

impl HttpReceiver {
    /// Binds `config.addr` and starts receiving family `E`'s events (inside a tokio runtime).
    /// The stream's first item is [`Connection::Listening`] with the bound address.
    pub async fn bind<E: FamilyEvents>(
        config: HttpReceiverConfig,
    ) -> io::Result<(HttpReceiver, EventStream<E>)> {
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let (items, stream) = queue(config.queue);
        // The queue holds at least one item and is empty: this cannot be refused.
        let _ = items.try_queue(EventItem::State(Connection::Listening { addr }));
        tracing::info!(%addr, transport = ?E::TRANSPORT, "event receiver listening");
        let stats = Arc::new(Stats::default());
        let shared = Arc::new(Shared {
            window: Mutex::new(Window::new(config.dedup)),
            config,
            queue: items,
            stats: stats.clone(),
        });
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, shared, stop_rx));
        Ok((
            HttpReceiver {
                addr,
                stop,
                stats,
                task,
            },
            stream,
        ))
    }

    /// The bound address (with the port the system chose for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The counters so far.
    pub fn stats(&self) -> ReceiverStats {
        self.stats.snapshot()
    }

    /// Stops accepting connections. Requests already being read are finished: an event
    /// answered `200` is in the stream, which ends after a
    /// [`Connection::Disconnected`] item (when there is room for it).
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until the receiver has stopped (after [`HttpReceiver::shutdown`] or the
    /// stream's drop) and every connection has ended.
    pub async fn stopped(self) {
        let _ = self.task.await;
    }
}

async fn accept_loop<E: FamilyEvents>(
    listener: TcpListener,
    shared: Arc<Shared<E>>,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(shared.config.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        let next = async {
            let slot = slots.clone().acquire_owned().await.ok()?;
            Some((slot, listener.accept().await))
        };
        let (slot, accepted) = tokio::select! {
            biased;
            () = stop_requested(&mut stop, &shared.queue) => break,
            next = next => match next {
                Some(next) => next,
                None => break,
            },
        };
        while connections.try_join_next().is_some() {}
        match accepted {
            Ok((tcp, peer)) => {
                let _ = tcp.set_nodelay(true);
                let shared = shared.clone();
                connections.spawn(async move {
                    let _slot = slot;
                    exchange::serve(tcp, peer, shared).await;
                });
            }
            Err(e) => {
                // Out of file descriptors, or a connection reset before it was accepted: try
                // again shortly rather than spin.
                tracing::debug!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    drop(listener);
    tracing::info!("event receiver stopped accepting");
    while connections.join_next().await.is_some() {}
    let _ = shared
        .queue
        .try_queue(EventItem::State(Connection::Disconnected {
            reason: "the event receiver stopped".to_owned(),
        }));
}

/// Resolves once a shutdown was asked for or the stream was dropped.
async fn stop_requested<E>(stop: &mut watch::Receiver<bool>, queue: &EventQueue<E>) {
    let mut handle_gone = false;
    loop {
        if *stop.borrow() || queue.is_closed() {
            return;
        }
        tokio::select! {
            changed = stop.changed(), if !handle_gone => handle_gone = changed.is_err(),
            () = tokio::time::sleep(CLOSED_POLL) => {}
        }
    }
}
