//! One exchange: find the route (or the family refusal for a request no route takes), check
//! HTTP authentication, apply planned faults, run the endpoint's handler, log the exchange,
//! and shape the HTTP answer.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use pbx_api::wire::{ApiMeta, Envelope};

use crate::auth;
use crate::behave::Refusal;
use crate::config::FaultKind;
use crate::routes::{Incoming, Resolved};
use crate::server::{Exchange, Shared};

pub(crate) async fn serve(
    shared: &Shared,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let query = query_pairs(&uri);
    // Switchvox: credentials first, whatever the method, path or body (`auth.rs`).
    {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(refused) = auth::gate(&mut state, &method, &uri, &headers) {
            // Still counted against the endpoint it was meant for, if any.
            if let Resolved::Route(route, _) =
                shared.routes.resolve(method.as_str(), path, &query, &body)
            {
                *state.requests.entry(route.meta.id.to_owned()).or_default() += 1;
            }
            return refused;
        }
    }
    let (route, format) = match shared.routes.resolve(method.as_str(), path, &query, &body) {
        Resolved::Route(route, format) => (route, format),
        Resolved::Refuse(family, format, code) => {
            // Under a family's API prefix, but no endpoint takes it: the family's own refusal.
            let answer = (family.refuse)(format, Refusal::code(code));
            let content_type = family.content_type(format);
            let seen = Seen::new(&method, &uri, &body);
            record(shared, family.module, &seen, 200, &answer, Vec::new());
            return ok(family.api(), content_type, answer);
        }
        Resolved::NotFound => {
            let served = {
                let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
                let user_agent = headers
                    .get(header::USER_AGENT)
                    .and_then(|v| v.to_str().ok());
                // Logged under the endpoint that named the file, but not counted as a
                // request to it.
                crate::resource::serve(
                    &shared.routes,
                    &mut state,
                    method.as_str(),
                    path,
                    &query,
                    user_agent,
                )
            };
            if let Some(served) = served {
                let seen = Seen::new(&method, &uri, &body);
                record(shared, served.meta.id, &seen, 200, &served.body, Vec::new());
                return ok(served.meta.api, served.content_type, served.body);
            }
            if let Some(answer) = crate::behave::switchvox::unknown_method(path, &body) {
                return answer;
            }
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    let meta = route.meta;
    let (answer, latency, fault, ignored) = {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        *state.requests.entry(meta.id.to_owned()).or_default() += 1;
        let fault = state.take_fault(meta.id);
        let latency = state.latency;
        let mut ignored = Vec::new();
        let answer = match &fault {
            // A vendor refusal is the family's own envelope, so the handler does not run.
            Some(FaultKind::Vendor(code)) => (route.refuse)(format, Refusal::owned(code)),
            Some(FaultKind::Body(bytes)) => bytes.clone(),
            Some(FaultKind::Status(_)) | Some(FaultKind::Garbage) => Vec::new(),
            _ => {
                let incoming = Incoming {
                    format,
                    token: route.token(&query),
                    body: &body,
                    user_agent: headers
                        .get(header::USER_AGENT)
                        .and_then(|v| v.to_str().ok()),
                    query: &query,
                };
                let answer = (route.handler)(&mut state, &shared.behaviours, &incoming);
                ignored = answer.ignored;
                answer.body
            }
        };
        (answer, latency, fault, ignored)
    };
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    let status = match &fault {
        Some(FaultKind::Status(s)) => *s,
        _ => 200,
    };
    record(
        shared,
        meta.id,
        &Seen::new(&method, &uri, &body),
        status,
        &answer,
        ignored,
    );
    let content_type = crate::handle::content_type(meta, format, &answer);
    match fault {
        Some(FaultKind::Status(status)) => StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
        Some(FaultKind::Garbage) => {
            (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response()
        }
        Some(FaultKind::Truncated) => {
            let half = answer.len() / 2;
            ok(meta.api, content_type, answer[..half].to_vec())
        }
        Some(FaultKind::Drop) => {
            // Promise the whole body, send half, then fail: the connection closes mid-answer.
            let half = answer[..answer.len() / 2].to_vec();
            let stream = futures_stream(half);
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, content_type)
                .header(header::CONTENT_LENGTH, answer.len().max(1))
                .body(Body::from_stream(stream))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        _ => ok(meta.api, content_type, answer),
    }
}

/// The query string's `name=value` pairs, as sent.
fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The request as it came, for the log.
struct Seen<'a> {
    method: &'a Method,
    uri: &'a Uri,
    body: &'a [u8],
}

impl<'a> Seen<'a> {
    fn new(method: &'a Method, uri: &'a Uri, body: &'a [u8]) -> Self {
        Seen { method, uri, body }
    }
}

/// Adds the exchange to the log, if one is being recorded (the log redacts secrets).
fn record(
    shared: &Shared,
    endpoint: &'static str,
    seen: &Seen<'_>,
    status: u16,
    answer: &[u8],
    ignored: Vec<String>,
) {
    if !shared.recording() {
        return;
    }
    let query = seen
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    shared.record(Exchange {
        endpoint,
        request_line: format!("{} {}{query}", seen.method, seen.uri.path()),
        request: String::from_utf8_lossy(seen.body).into_owned(),
        status,
        response: String::from_utf8_lossy(answer).into_owned(),
        ignored,
    });
}

/// A 200 answer. The S-Series, API 2.0 and OpenVox PBXes send two CORS headers with every
/// answer (their guides' response examples show them; S-Series API v1.1.0 "Added support for
/// Cross-Origin Resource Sharing"), which browser clients rely on.
fn ok(api: &ApiMeta, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response =
        (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response();
    if api.envelope == Envelope::Status {
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS, PUT, DELETE"),
        );
    }
    response
}

/// A body stream that yields `bytes` and then an error.
fn futures_stream(bytes: Vec<u8>) -> HalfThenFail {
    HalfThenFail(Some(bytes), false)
}

/// Yields its bytes, then fails, which makes the server drop the connection.
struct HalfThenFail(Option<Vec<u8>>, bool);

impl futures_core::Stream for HalfThenFail {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if let Some(bytes) = self.0.take() {
            return std::task::Poll::Ready(Some(Ok(Bytes::from(bytes))));
        }
        if !self.1 {
            self.1 = true;
            let error = std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "dropped by fault injection",
            );
            return std::task::Poll::Ready(Some(Err(error)));
        }
        std::task::Poll::Ready(None)
    }
}
