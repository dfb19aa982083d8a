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

use crate::listen::Served;
use crate::log::{Exchange, NO_ENDPOINT, tracked};
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
        .serve_connection(hyper_util::rt::TokioIo::new(watched), service);
    crate::watchdog::watch(connection, &activity, &served.limits).await;
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
