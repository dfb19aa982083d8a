//! One exchange: find the route, check HTTP authentication, apply planned faults, run the
//! endpoint's handler, log the exchange, and shape the HTTP answer.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::auth;
use crate::config::FaultKind;
use crate::routes::Incoming;
use crate::server::{Exchange, Shared};

pub(crate) async fn serve(
    shared: &Shared,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let query: Vec<(String, String)> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    // Switchvox: credentials first, whatever the method, path or body (`auth.rs`).
    {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(refused) = auth::gate(&mut state, &method, &uri, &headers) {
            // Still counted against the endpoint it was meant for, if any.
            if let Some((route, _)) = shared.routes.find(method.as_str(), path, &query, &body) {
                *state.requests.entry(route.meta.id.to_owned()).or_default() += 1;
            }
            return refused;
        }
    }
    let Some((route, format)) = shared.routes.find(method.as_str(), path, &query, &body) else {
        if let Some(answer) = crate::behave::switchvox::unknown_method(path, &body) {
            return answer;
        }
        return StatusCode::NOT_FOUND.into_response();
    };
    let meta = route.meta;
    let (answer, latency, fault) = {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        *state.requests.entry(meta.id.to_owned()).or_default() += 1;
        let fault = state.take_fault(meta.id);
        let latency = state.latency;
        let answer = match &fault {
            // A vendor refusal is the family's own envelope, so the handler does not run.
            Some(FaultKind::Vendor(code)) => refusal(meta, format, code),
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
                };
                (route.handler)(&mut state, &shared.behaviours, &incoming)
            }
        };
        (answer, latency, fault)
    };
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    if let Some(log) = shared
        .log
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_mut()
    {
        let query = uri
            .query()
            .map(|q| {
                let redacted: Vec<String> = q
                    .split('&')
                    .map(|kv| match kv.split_once('=') {
                        Some((k, _)) if k.contains("token") => format!("{k}=***"),
                        _ => kv.to_owned(),
                    })
                    .collect();
                format!("?{}", redacted.join("&"))
            })
            .unwrap_or_default();
        log.push(Exchange {
            endpoint: meta.id,
            request_line: format!("{method} {path}{query}"),
            request: String::from_utf8_lossy(&body).into_owned(),
            status: match &fault {
                Some(FaultKind::Status(s)) => *s,
                _ => 200,
            },
            response: String::from_utf8_lossy(&answer).into_owned(),
        });
    }
    let content_type = meta.content_type(format);
    match fault {
        Some(FaultKind::Status(status)) => StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
        Some(FaultKind::Garbage) => {
            (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response()
        }
        Some(FaultKind::Truncated) => {
            let half = answer.len() / 2;
            ok(content_type, answer[..half].to_vec())
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
        _ => ok(content_type, answer),
    }
}

fn ok(content_type: &'static str, body: Vec<u8>) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A vendor refusal with `code`, in the endpoint's envelope.
fn refusal(
    meta: &'static pbx_api::wire::EndpointMeta,
    format: pbx_api::wire::Format,
    code: &str,
) -> Vec<u8> {
    use pbx_api::wire::envelope::RawError;
    use pbx_api::wire::write::BodyWriter;
    let mut out = BodyWriter::new(format, meta.api.xml_declaration, 256);
    let errors = [RawError {
        code: code.to_owned(),
        message: (meta.api.envelope == pbx_api::wire::Envelope::Switchvox)
            .then(|| crate::behave::switchvox::message(code))
            .flatten(),
    }];
    meta.api
        .envelope
        .write_errors(&mut out, format, meta.rpc_method, &errors);
    out.finish()
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
