//! One client connection: HTTP/1.1 through hyper, the axum router behind it, and a watchdog
//! that closes the connection when the client is too slow (headers, idle keep-alive), with the
//! request body read under a cap and a time limit before the router sees it. Exchanges no
//! endpoint answered (refused here, no route, authentication challenges) are logged here.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use hyper::body::Body as _;
use hyper::body::Incoming;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::limits::ServerLimits;
use crate::listen::Served;
use crate::log::{Exchange, NO_ENDPOINT, tracked};

/// Serves one connection until the client closes it or breaks a time limit.
pub(crate) async fn serve<IO>(io: IO, served: Arc<Served>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let watched = Watched {
        inner: io,
        activity: activity.clone(),
    };
    let service = {
        let (activity, served) = (activity.clone(), served.clone());
        hyper::service::service_fn(move |request| answer(request, served.clone(), activity.clone()))
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(watched), service);
    tokio::pin!(connection);
    let limits = &served.limits;
    let sleep = tokio::time::sleep_until(activity.deadline(limits));
    tokio::pin!(sleep);
    loop {
        let changed = activity.changed.notified();
        tokio::select! {
            _ = connection.as_mut() => return,
            _ = changed => {}
            _ = sleep.as_mut() => {
                if activity.deadline(limits) <= Instant::now() {
                    // Dropping the connection closes the socket: nothing more is owed to a
                    // client that has not finished asking.
                    return;
                }
            }
        }
        sleep.as_mut().reset(activity.deadline(limits));
    }
}

/// Reads the body (capped, timed), then lets the router answer; logs what no endpoint did.
async fn answer(
    request: Request<Incoming>,
    served: Arc<Served>,
    activity: Arc<Activity>,
) -> Result<Response<Body>, Infallible> {
    let _busy = activity.begin();
    let limits = &served.limits;
    let (parts, body) = request.into_parts();
    let line = format!("{} {}", parts.method, parts.uri);
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let limited = http_body_util::Limited::new(body, limits.max_body);
    let bytes = match declared {
        Some(n) if n > limits.max_body as u64 => Err(StatusCode::PAYLOAD_TOO_LARGE),
        _ => match tokio::time::timeout(limits.body_read, limited.collect()).await {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                Err(StatusCode::PAYLOAD_TOO_LARGE)
            }
            Ok(Err(_)) => Err(StatusCode::BAD_REQUEST),
            Err(_) => Err(StatusCode::REQUEST_TIMEOUT),
        },
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(status) => {
            served.log.record(unrouted(line, String::new(), status, ""));
            return Ok(refusal(status));
        }
    };
    let request = Request::from_parts(parts, Body::from(bytes.clone()));
    let mut app = served.app.clone();
    let (response, recorded) = tracked(tower_service::Service::call(&mut app, request)).await;
    let Ok(response) = response;
    if recorded || !served.log.recording() {
        return Ok(response);
    }
    // Answered before an endpoint was found (no route, an authentication challenge): small,
    // whole bodies, read here to be logged and handed on.
    let (head, body) = response.into_parts();
    let small = body.size_hint().exact().is_some_and(|n| n <= 64 * 1024);
    let (answer, body) = if small {
        match body.collect().await {
            Ok(collected) => {
                let answer = collected.to_bytes();
                (answer.clone(), Body::from(answer))
            }
            Err(_) => (Bytes::new(), Body::empty()),
        }
    } else {
        (Bytes::new(), body)
    };
    let request = String::from_utf8_lossy(&bytes).into_owned();
    let text = String::from_utf8_lossy(&answer);
    served
        .log
        .record(unrouted(line, request, head.status, &text));
    Ok(Response::from_parts(head, body))
}

fn unrouted(line: String, request: String, status: StatusCode, response: &str) -> Exchange {
    Exchange {
        endpoint: NO_ENDPOINT,
        request_line: line,
        request,
        status: status.as_u16(),
        response: response.to_owned(),
    }
}

/// An answer that also closes the connection (the rest of the body is not read).
fn refusal(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    response
}

/// No time recorded.
const NONE: u64 = u64::MAX;

/// What the watchdog needs to know of a connection: when bytes last moved, when the request
/// being received began, and whether one is being answered.
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte read or written.
    last_io: AtomicU64,
    /// Milliseconds from `start` to the first byte of a request whose headers are not all in;
    /// the first request's time counts from the opening.
    head_since: AtomicU64,
    /// Requests being answered.
    in_flight: AtomicUsize,
    /// Wakes the watchdog when its deadline may have moved closer (a request begun).
    changed: Notify,
}

impl Activity {
    fn new() -> Activity {
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
    fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.head_since.store(NONE, Ordering::SeqCst);
        Busy(self.clone())
    }
}

/// A request being answered.
struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        // No need to wake the watchdog: the idle deadline from now is later than the one it
        // sleeps towards (a request being answered is looked at again an `idle` later).
        self.0.wrote();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A stream that tells its [`Activity`] when bytes move.
struct Watched<IO> {
    inner: IO,
    activity: Arc<Activity>,
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
