//! One HTTP exchange with the PBX: send the encoded request, read at most the configured number
//! of bytes back, classify failures, and trace it without anything secret.

use std::time::{Duration, Instant};

use pbx_wire::{Effect, Endpoint, EndpointMeta, Format, HttpRequest, ResponseError};
use tracing::Instrument;

use super::config::{ClientConfig, ConfigError};
use super::error::{AuthKind, Error, transport_kind};

/// What came back.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    /// `WWW-Authenticate` challenges, for HTTP authentication.
    pub challenges: Vec<String>,
    pub body: Vec<u8>,
}

/// The HTTP side of a client: connection pool, settings.
#[derive(Debug)]
pub(crate) struct Transport {
    pub(super) http: reqwest::Client,
    pub config: ClientConfig,
}

/// What a reqwest failure of `endpoint` becomes: a transport error, the URL (with its token)
/// left out.
pub(crate) fn transport_error<C>(
    endpoint: &'static EndpointMeta,
) -> impl Fn(reqwest::Error) -> Error<C> + Copy {
    move |e: reqwest::Error| Error::Transport {
        endpoint,
        kind: transport_kind(&e),
        source: e.without_url(),
    }
}

impl Transport {
    pub fn new(config: ClientConfig) -> Result<Self, ConfigError> {
        Ok(Transport {
            http: config.http_client()?,
            config,
        })
    }

    /// Sends one request and reads the reply, within the body cap. No retries.
    pub async fn exchange<C>(
        &self,
        meta: &'static EndpointMeta,
        request: &HttpRequest,
        authorization: Option<&str>,
    ) -> Result<Reply, Error<C>> {
        let span = tracing::debug_span!(
            "pbx.request",
            family = meta.api.module,
            endpoint = meta.id,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .exchange_inner(meta, request, authorization)
            .instrument(span.clone())
            .await;
        let elapsed = started.elapsed().as_millis() as u64;
        span.record("duration_ms", elapsed);
        match &result {
            Ok(reply) => {
                span.record("status", reply.status);
                tracing::debug!(parent: &span, status = reply.status, duration_ms = elapsed, "PBX answered");
            }
            Err(e) => {
                tracing::debug!(parent: &span, duration_ms = elapsed, error = %ErrorKindName(e), "PBX exchange failed");
            }
        }
        result
    }

    /// One request as reqwest builds it: method (`default` when the spec's is not one), URL,
    /// body and its type, `Authorization` when given, the family's `User-Agent`.
    pub(crate) fn builder(
        &self,
        meta: &'static EndpointMeta,
        request: &HttpRequest,
        authorization: Option<&str>,
        default: reqwest::Method,
    ) -> reqwest::RequestBuilder {
        let url = format!("{}{}", self.config.base_url, request.path_and_query);
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap_or(default);
        let mut builder = self.http.request(method, url);
        if !request.body.is_empty() {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, request.content_type)
                .body(request.body.clone());
        }
        if let Some(value) = authorization {
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some(agent) = meta.api.user_agent {
            builder = builder.header(reqwest::header::USER_AGENT, agent);
        }
        builder
    }

    async fn exchange_inner<C>(
        &self,
        meta: &'static EndpointMeta,
        request: &HttpRequest,
        authorization: Option<&str>,
    ) -> Result<Reply, Error<C>> {
        let builder = self.builder(meta, request, authorization, reqwest::Method::POST);
        let transport = transport_error(meta);
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let challenges = response
            .headers()
            .get_all(reqwest::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let limit = self.config.max_body;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::BodyTooLarge {
                endpoint: meta,
                limit,
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge {
                    endpoint: meta,
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            challenges,
            body,
        })
    }

    /// Runs `attempt` and, for read-only endpoints, repeats it after transient failures with
    /// doubling backoff. Anything that acts on a call is tried once.
    pub async fn with_read_retries<T, C, F, Fut>(
        &self,
        meta: &'static EndpointMeta,
        mut attempt: F,
    ) -> Result<T, Error<C>>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, Error<C>>>,
    {
        let mut tries = 0;
        loop {
            match attempt().await {
                Err(e)
                    if meta.effect == Effect::Read
                        && e.is_transient()
                        && tries < self.config.read_retries =>
                {
                    let wait = self
                        .config
                        .retry_backoff
                        .saturating_mul(2u32.saturating_pow(tries));
                    tracing::debug!(endpoint = meta.id, tries, "retrying a read-only call");
                    tokio::time::sleep(wait.min(Duration::from_secs(30))).await;
                    tries += 1;
                }
                other => return other,
            }
        }
    }
}

/// The format to send `E` in: the client's choice when the endpoint speaks it, else the
/// endpoint's first.
pub(crate) fn format_for<E: Endpoint>(preferred: Format) -> Format {
    let meta = E::META;
    if meta.supports(preferred) {
        preferred
    } else {
        meta.formats.first().copied().unwrap_or(preferred)
    }
}

/// Refuses, unsent, an endpoint of another family than the client's (`send_any`).
pub(crate) fn check_family<A: pbx_wire::Api, E: Endpoint>()
-> Result<(), Error<<E::Api as pbx_wire::Api>::ErrorCode>> {
    let meta = E::META;
    if meta.api.module == A::META.module {
        return Ok(());
    }
    Err(Error::InvalidRequest {
        endpoint: meta,
        source: pbx_wire::InvalidRequest::new(
            "family",
            format!("`{}` is not an endpoint of {}", meta.id, A::META.name),
        ),
    })
}

/// Encodes a request for the wire, checking its spec's constraints first, for the API version
/// `version` (the family's default when `None`): a version the family lacks, or one older than
/// the endpoint's `since`, is [`Error::Version`], unsent.
pub(crate) fn http_request<E: Endpoint>(
    request: &E,
    format: Format,
    token: &str,
    version: Option<&str>,
) -> Result<HttpRequest, Error<<E::Api as pbx_wire::Api>::ErrorCode>> {
    let meta = E::META;
    let version = version.unwrap_or(meta.api.version);
    check_version(meta, version)?;
    request
        .to_http_at(format, token, version)
        .map_err(|source| Error::InvalidRequest {
            endpoint: meta,
            source,
        })
}

/// Refuses, unsent, an endpoint the API version `version` does not have.
pub(crate) fn check_version<C>(meta: &'static EndpointMeta, version: &str) -> Result<(), Error<C>> {
    if !meta.api.knows_version(version) {
        return Err(Error::Version {
            endpoint: meta,
            version: version.to_owned(),
            since: None,
        });
    }
    match meta.since {
        Some(since) if !meta.available_in(version) => Err(Error::Version {
            endpoint: meta,
            version: version.to_owned(),
            since: Some(since),
        }),
        _ => Ok(()),
    }
}

/// Turns a reply into the endpoint's typed response or a typed error.
pub(crate) fn decode<E: Endpoint>(
    format: Format,
    mut reply: Reply,
) -> Result<E::Response, Error<<E::Api as pbx_wire::Api>::ErrorCode>> {
    let endpoint = E::META;
    // Login and refresh answers carry tokens: keep none of their bytes in errors.
    if endpoint.effect == Effect::Session && !(200..=299).contains(&reply.status) {
        reply.body.clear();
    }
    match reply.status {
        200..=299 => match E::decode_response(format, &reply.body) {
            Ok(response) => Ok(response),
            Err(ResponseError::Vendor(error)) => Err(Error::Vendor { endpoint, error }),
            Err(ResponseError::Decode(source)) => Err(Error::Decode {
                endpoint,
                source,
                body: if endpoint.effect == Effect::Session {
                    Vec::new()
                } else {
                    reply.body
                },
            }),
        },
        401 => Err(Error::Auth {
            endpoint,
            kind: AuthKind::Unauthorized,
            vendor: None,
        }),
        403 => Err(Error::Auth {
            endpoint,
            kind: AuthKind::Forbidden,
            vendor: None,
        }),
        status => Err(Error::Status {
            endpoint,
            status,
            body: reply.body,
        }),
    }
}

/// A short name of an error's kind, for traces (never its payload).
struct ErrorKindName<'a, C>(&'a Error<C>);

impl<C> std::fmt::Display for ErrorKindName<'_, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Error::InvalidRequest { .. } => "invalid request",
            Error::Transport { .. } => "transport",
            Error::Status { .. } => "http status",
            Error::BodyTooLarge { .. } => "body too large",
            Error::Decode { .. } => "decode",
            Error::Vendor { .. } => "vendor",
            Error::Auth { .. } => "auth",
            Error::Version { .. } => "api version",
            Error::DownloadTooLarge { .. } => "download too large",
            Error::Closed => "closed",
        })
    }
}
