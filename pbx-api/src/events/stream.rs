//! [`EventStream`]: the receiving end every event source hands its user, a bounded queue read as
//! a `futures_core::Stream` or with [`EventStream::next`].
//!
//! The queue is bounded: a source that finds it full does not acknowledge the event (an HTTP
//! report is answered with an error so the PBX resends it; a WebSocket source stops reading
//! the socket), so a consumer that stops reading holds memory at the bound.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::mpsc;

use super::item::EventItem;

/// How many items a source queues before it stops acknowledging (the default).
pub const DEFAULT_QUEUE: usize = 1024;

/// The items of one event source, in the order the source queued them. Dropping it stops the
/// source.
#[derive(Debug)]
pub struct EventStream<E> {
    items: mpsc::Receiver<EventItem<E>>,
}

/// The sending half a source keeps: `try_queue` never waits, so the source can refuse the
/// event (and not acknowledge it) when the consumer is behind.
#[derive(Debug)]
pub struct EventQueue<E> {
    items: mpsc::Sender<EventItem<E>>,
}

impl<E> Clone for EventQueue<E> {
    fn clone(&self) -> Self {
        EventQueue {
            items: self.items.clone(),
        }
    }
}

/// Why an item was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueRefused {
    /// The consumer is behind and the queue is at its bound: do not acknowledge.
    Full,
    /// The stream was dropped: stop the source.
    Closed,
}

/// A bounded queue (at least one item) and the stream that reads it.
pub fn queue<E>(bound: usize) -> (EventQueue<E>, EventStream<E>) {
    let (tx, rx) = mpsc::channel(bound.max(1));
    (EventQueue { items: tx }, EventStream { items: rx })
}

impl<E> EventQueue<E> {
    /// Queues an item now, or says why not.
    pub fn try_queue(&self, item: EventItem<E>) -> Result<(), QueueRefused> {
        self.items.try_send(item).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => QueueRefused::Full,
            mpsc::error::TrySendError::Closed(_) => QueueRefused::Closed,
        })
    }

    /// Queues an item, waiting while the queue is full (for sources that can hold back the
    /// PBX, like a WebSocket that simply stops reading). `Err` when the stream was dropped.
    pub async fn queue(&self, item: EventItem<E>) -> Result<(), QueueRefused> {
        self.items
            .send(item)
            .await
            .map_err(|_| QueueRefused::Closed)
    }

    /// Whether the stream was dropped.
    pub fn is_closed(&self) -> bool {
        self.items.is_closed()
    }
}

impl<E> EventStream<E> {
    /// The next item; `None` once the source has stopped and every item was read.
    pub async fn next(&mut self) -> Option<EventItem<E>> {
        self.items.recv().await
    }
}

impl<E> futures_core::Stream for EventStream<E> {
    type Item = EventItem<E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.items.poll_recv(cx)
    }
}
