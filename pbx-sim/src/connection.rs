//! One client connection: HTTP/1.1 through hyper, watched for slow clients (`watchdog.rs`), the
//! request body read under a cap and a time limit, then the axum router. Exchanges no endpoint
//! answered (refused here, no route, authentication challenges) are logged here.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use hyper::body::Body as _;
use hyper::body::Incoming;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::limits::ServerLimits;
use crate::listen::Served;
use crate::log::{Exchange, ExchangeLog, NO_ENDPOINT, tracked};
use crate::watchdog::{Activity, Watched};

/// Serves one connection until the client closes it or breaks a time limit.
pub(crate) async fn serve<IO>(io: IO, served: Arc<Served>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let watched = Watched::new(io, activity.clone());
    let service = {
        let (activity, served) = (activity.clone(), served.clone());
        hyper::service::service_fn(move |request| answer(request, served.clone(), activity.clone()))
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(watched), service)
        // The P-Series event WebSocket (`events/ws.rs`) is an upgrade of this connection.
        .with_upgrades();
    crate::watchdog::watch(connection, &activity, &served.limits).await;
}

/// Reads the body (capped, timed), then lets the router answer; logs what no endpoint did.
async fn answer(
    request: Request<Incoming>,
    served: Arc<Served>,
    activity: Arc<Activity>,
) -> Result<Response<Body>, Infallible> {
    let _busy = activity.begin();
    let (parts, body) = request.into_parts();
    let line = |parts: &axum::http::request::Parts| format!("{} {}", parts.method, parts.uri);
    let bytes = match read_body(&parts, body, &served.limits).await {
        Ok(bytes) => bytes,
        Err(status) => {
            if served.log.recording() {
                served.log.record(unrouted(line(&parts), &[], status, &[]));
            }
            return Ok(refusal(status));
        }
    };
    let logged = served
        .log
        .recording()
        .then(|| (line(&parts), bytes.clone()));
    let request = Request::from_parts(parts, Body::from(bytes));
    let mut app = served.app.clone();
    let (response, recorded) = tracked(tower_service::Service::call(&mut app, request)).await;
    let Ok(response) = response;
    Ok(match logged {
        Some((line, request)) if !recorded => {
            log_unrouted(&served.log, line, &request, response).await
        }
        _ => response,
    })
}

/// The request body, or the status refusing it: over `max_body` (declared or received), not
/// received within `body_read`, or broken off.
async fn read_body(
    parts: &axum::http::request::Parts,
    body: Incoming,
    limits: &ServerLimits,
) -> Result<Bytes, StatusCode> {
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let limited = http_body_util::Limited::new(body, limits.max_body);
    match tokio::time::timeout(limits.body_read, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        }
        Ok(Err(_)) => Err(StatusCode::BAD_REQUEST),
        Err(_) => Err(StatusCode::REQUEST_TIMEOUT),
    }
}

/// Logs an answer given before an endpoint was found (no route, an authentication
/// challenge), reading its body if it is small and whole, and hands the answer on.
async fn log_unrouted(
    log: &ExchangeLog,
    line: String,
    request: &[u8],
    response: Response<Body>,
) -> Response<Body> {
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
    log.record(unrouted(line, request, head.status, &answer));
    Response::from_parts(head, body)
}

fn unrouted(line: String, request: &[u8], status: StatusCode, response: &[u8]) -> Exchange {
    Exchange {
        endpoint: NO_ENDPOINT,
        request_line: line,
        request: String::from_utf8_lossy(request).into_owned(),
        status: status.as_u16(),
        response: String::from_utf8_lossy(response).into_owned(),
        ignored: Vec::new(),
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
