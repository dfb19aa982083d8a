//! The watchdog of one connection: it closes the connection when a request's headers take
//! longer than `ServerLimits::header_read`, or when a kept-alive connection sits idle longer
//! than `ServerLimits::idle`. A request being answered is never cut (its body has its own
//! limit). The stream tells the watchdog when bytes move; the service when a request begins.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::limits::ServerLimits;

/// Runs `connection` until it ends or breaks a time limit; dropping it then closes the
/// socket (nothing more is owed to a client that has not finished asking).
pub(crate) async fn watch<F: Future>(connection: F, activity: &Activity, limits: &ServerLimits) {
    tokio::pin!(connection);
    let sleep = tokio::time::sleep_until(activity.deadline(limits));
    tokio::pin!(sleep);
    loop {
        let changed = activity.changed.notified();
        tokio::select! {
            _ = connection.as_mut() => return,
            _ = changed => {}
            _ = sleep.as_mut() => {
                if activity.deadline(limits) <= Instant::now() {
                    return;
                }
            }
        }
        sleep.as_mut().reset(activity.deadline(limits));
    }
}

/// No time recorded.
const NONE: u64 = u64::MAX;

/// What the watchdog needs to know of a connection: when bytes last moved, when the request
/// being received began, and whether one is being answered.
pub(crate) struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte read or written.
    last_io: AtomicU64,
    /// Milliseconds from `start` to the first byte of a request whose headers are not all in;
    /// the first request's time counts from the opening.
    head_since: AtomicU64,
    /// Requests being answered.
    in_flight: AtomicUsize,
    /// Wakes the watchdog when its deadline may have moved closer (a request's first byte).
    changed: Notify,
}

impl Activity {
    pub fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last_io: AtomicU64::new(0),
            head_since: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            changed: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(NONE - 1)
    }

    fn at(&self, millis: u64) -> Instant {
        self.start + std::time::Duration::from_millis(millis)
    }

    /// When the connection is to be closed, as things stand.
    fn deadline(&self, limits: &ServerLimits) -> Instant {
        if self.in_flight.load(Ordering::SeqCst) > 0 {
            // The body has its own limit and the answer is ours: look again later.
            return Instant::now() + limits.idle;
        }
        match self.head_since.load(Ordering::SeqCst) {
            NONE => self.at(self.last_io.load(Ordering::SeqCst)) + limits.idle,
            since => self.at(since) + limits.header_read,
        }
    }

    fn read(&self) {
        let now = self.now();
        self.last_io.store(now, Ordering::SeqCst);
        if self.in_flight.load(Ordering::SeqCst) == 0
            && self
                .head_since
                .compare_exchange(NONE, now, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            self.changed.notify_one();
        }
    }

    fn wrote(&self) {
        self.last_io.store(self.now(), Ordering::SeqCst);
    }

    /// A request's headers are in; until the guard drops, it is being answered.
    pub fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.head_since.store(NONE, Ordering::SeqCst);
        Busy(self.clone())
    }
}

/// A request being answered.
pub(crate) struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        // No need to wake the watchdog: the idle deadline from now is later than the one it
        // sleeps towards (a request being answered is looked at again an `idle` later).
        self.0.wrote();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A stream that tells its [`Activity`] when bytes move.
pub(crate) struct Watched<IO> {
    inner: IO,
    activity: Arc<Activity>,
}

impl<IO> Watched<IO> {
    pub fn new(inner: IO, activity: Arc<Activity>) -> Watched<IO> {
        Watched { inner, activity }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Watched<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Watched<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
