//! The one error type of the client: every way a call can fail, typed, with messages a person
//! can act on.

use std::fmt;

use pbx_wire::{DecodeError, EndpointMeta, ErrorCode, InvalidRequest, VendorError};

/// Which part of the transport failed. [`TransportKind::delivery`] says whether the request
/// can have reached the PBX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The TCP connection could not be made (refused, unreachable, name not found): nothing
    /// was sent.
    Connect,
    /// The TLS handshake failed (certificate not trusted, protocol mismatch): nothing was sent.
    Tls,
    /// The request went out but no answer came within the configured timeout: the PBX may
    /// have acted on it.
    Timeout,
    /// The connection broke once it was open, while sending or receiving: the PBX may have
    /// acted on the request.
    Io,
    /// Connecting took longer than the connect timeout: nothing was sent.
    ConnectTimeout,
}

/// How far a failed request got, so a caller can tell whether sending it again could act
/// twice (place a second call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Nothing reached the PBX (refused by the spec or the settings, connection refused, TLS
    /// refused, connect timeout): sending again cannot repeat anything.
    NotSent,
    /// The request went out, or may have, and no answer came back (connection dropped, answer
    /// timed out): the PBX may have acted on it. Check before sending again.
    SentNoAnswer,
    /// The PBX answered: with a refusal, an HTTP error, or something unreadable.
    Answered,
}

impl TransportKind {
    /// Whether the request can have reached the PBX. A failure after the connection was open
    /// counts as sent: the client cannot know how much of the request the PBX read.
    pub fn delivery(self) -> Delivery {
        match self {
            TransportKind::Connect | TransportKind::ConnectTimeout | TransportKind::Tls => {
                Delivery::NotSent
            }
            TransportKind::Timeout | TransportKind::Io => Delivery::SentNoAnswer,
        }
    }
}

/// Why authentication failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// The PBX refused the user name or password. Not retried: five failures lock the client's
    /// IP out for ten minutes.
    WrongCredentials,
    /// The PBX has locked this client's IP out after repeated failures.
    LockedOut,
    /// The PBX kept refusing the session token right after a fresh login.
    TokenRejected,
    /// HTTP 401: the PBX refused the HTTP credentials.
    Unauthorized,
    /// HTTP 403: the account lacks API permission, or an ACL blocks this address.
    Forbidden,
    /// Over plain `http://` the PBX offered only Basic authentication, which would send the
    /// password in clear, and Basic was not chosen explicitly; no password was sent.
    BasicInClear,
}

/// A failed call. `C` is the family's error-code type (`openvox::ErrorCode`, ...).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C> {
    /// The request broke a constraint of its spec; nothing was sent.
    InvalidRequest {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// What is wrong.
        source: InvalidRequest,
    },
    /// Connecting, TLS, sending or receiving failed, or timed out; [`Error::delivery`] says
    /// whether the request can have reached the PBX.
    Transport {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// Which part failed.
        kind: TransportKind,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The PBX answered with an HTTP status other than 200 (and not an auth failure).
    Status {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// The status code.
        status: u16,
        /// The body, as much as the cap allowed.
        body: Vec<u8>,
    },
    /// The body was larger than the configured cap; reading stopped there.
    BodyTooLarge {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The body could not be decoded; the bytes are kept for diagnosis.
    Decode {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// What was wrong.
        source: DecodeError,
        /// The body as received.
        body: Vec<u8>,
    },
    /// The PBX reported an error in its own envelope.
    Vendor {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// The vendor's code and message.
        error: VendorError<C>,
    },
    /// Logging in, or HTTP authentication, failed.
    Auth {
        /// The endpoint being called when it failed.
        endpoint: &'static EndpointMeta,
        /// Why.
        kind: AuthKind,
        /// The vendor's error behind it, when there was one.
        vendor: Option<VendorError<C>>,
    },
    /// The API version the client was set to speak (`ClientConfig::api_version`) is not one
    /// the family has, or is older than the one that added the endpoint; nothing was sent.
    Version {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// The version chosen.
        version: String,
        /// The version that added the endpoint (`None`: the family has no such version).
        since: Option<&'static str>,
    },
    /// A download was larger than its cap: `written` bytes were handed to the writer before
    /// reading stopped, so what it holds is incomplete.
    DownloadTooLarge {
        /// The endpoint.
        endpoint: &'static EndpointMeta,
        /// The cap, in bytes.
        limit: u64,
        /// The bytes written before the cap was reached.
        written: u64,
    },
    /// The client was closed.
    Closed,
}

impl<C: ErrorCode> Error<C> {
    /// The same error with its vendor codes in another family's code type (matched by their
    /// wire value), for clients that pick endpoints at run time.
    pub fn recode<D: ErrorCode>(self) -> Error<D> {
        let vendor = |e: VendorError<C>| VendorError {
            code: D::from_code(e.code.code()),
            message: e.message,
            more: e
                .more
                .into_iter()
                .map(|(c, m)| (D::from_code(c.code()), m))
                .collect(),
            detail: e.detail,
        };
        match self {
            Error::InvalidRequest { endpoint, source } => {
                Error::InvalidRequest { endpoint, source }
            }
            Error::Transport {
                endpoint,
                kind,
                source,
            } => Error::Transport {
                endpoint,
                kind,
                source,
            },
            Error::Status {
                endpoint,
                status,
                body,
            } => Error::Status {
                endpoint,
                status,
                body,
            },
            Error::BodyTooLarge { endpoint, limit } => Error::BodyTooLarge { endpoint, limit },
            Error::Version {
                endpoint,
                version,
                since,
            } => Error::Version {
                endpoint,
                version,
                since,
            },
            Error::DownloadTooLarge {
                endpoint,
                limit,
                written,
            } => Error::DownloadTooLarge {
                endpoint,
                limit,
                written,
            },
            Error::Decode {
                endpoint,
                source,
                body,
            } => Error::Decode {
                endpoint,
                source,
                body,
            },
            Error::Vendor { endpoint, error } => Error::Vendor {
                endpoint,
                error: vendor(error),
            },
            Error::Auth {
                endpoint,
                kind,
                vendor: v,
            } => Error::Auth {
                endpoint,
                kind,
                vendor: v.map(vendor),
            },
            Error::Closed => Error::Closed,
        }
    }
}

impl<C> Error<C> {
    /// The endpoint the error happened on (`None` for [`Error::Closed`]).
    pub fn endpoint(&self) -> Option<&'static EndpointMeta> {
        match self {
            Error::InvalidRequest { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Status { endpoint, .. }
            | Error::BodyTooLarge { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::Vendor { endpoint, .. }
            | Error::Auth { endpoint, .. }
            | Error::Version { endpoint, .. }
            | Error::DownloadTooLarge { endpoint, .. } => Some(endpoint),
            Error::Closed => None,
        }
    }

    /// How far the request of [`Error::endpoint`] got. For a token family's request that
    /// failed in its login (the error's endpoint is then the login), the request itself was
    /// not sent; after a token refusal the PBX did not act on it either.
    pub fn delivery(&self) -> Delivery {
        match self {
            Error::InvalidRequest { .. } | Error::Version { .. } | Error::Closed => {
                Delivery::NotSent
            }
            Error::Transport { kind, .. } => kind.delivery(),
            Error::Status { .. }
            | Error::BodyTooLarge { .. }
            | Error::Decode { .. }
            | Error::Vendor { .. }
            | Error::Auth { .. }
            | Error::DownloadTooLarge { .. } => Delivery::Answered,
        }
    }

    /// Whether repeating the same request later might succeed (a transport failure other than
    /// TLS, a timeout, or a 5xx). Says nothing about whether repeating is safe: see the endpoint's `effect`.
    pub fn is_transient(&self) -> bool {
        match self {
            // A certificate that is not trusted now will not be trusted in a second either.
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            } => false,
            Error::Transport { .. } => true,
            Error::Status { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

impl<C: ErrorCode> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(endpoint) = self.endpoint() {
            write!(f, "{} ({}): ", endpoint.id, endpoint.api.name)?;
        }
        match self {
            Error::InvalidRequest { source, .. } => write!(f, "not sent: {source}"),
            Error::Transport { kind, source, .. } => {
                let what = match kind {
                    TransportKind::Connect => "could not connect to the PBX",
                    // Says which certificate was refused, why, and what to do about it.
                    TransportKind::Tls => return f.write_str(&super::tls::failure_message(source)),
                    TransportKind::Timeout => "the PBX did not answer in time",
                    TransportKind::Io => "the connection to the PBX broke",
                    TransportKind::ConnectTimeout => "connecting to the PBX timed out",
                };
                let delivery = match kind.delivery() {
                    Delivery::NotSent => "nothing was sent",
                    _ => "the request was sent and the PBX may have acted on it",
                };
                write!(f, "{what}; {delivery}: {}", detail(source))
            }
            Error::Status { status, .. } => write!(f, "the PBX answered HTTP {status}"),
            Error::BodyTooLarge { limit, .. } => {
                write!(f, "the PBX's answer is larger than the {limit}-byte limit")
            }
            Error::Decode { source, body, .. } => write!(
                f,
                "the PBX's answer could not be read ({source}); {} bytes kept",
                body.len()
            ),
            Error::Vendor { error, .. } => write!(f, "the PBX refused the request: {error}"),
            Error::Auth { kind, vendor, .. } => {
                let what = match kind {
                    AuthKind::WrongCredentials => "login refused: wrong user name or password",
                    AuthKind::LockedOut => {
                        "login refused: this address is locked out after repeated failures"
                    }
                    AuthKind::TokenRejected => {
                        "the PBX rejects the session token even after a fresh login"
                    }
                    AuthKind::Unauthorized => "HTTP authentication refused (401)",
                    AuthKind::Forbidden => {
                        "access forbidden (403): check the account's API permission and the PBX's ACL"
                    }
                    AuthKind::BasicInClear => {
                        "over http:// the PBX asks for HTTP Basic authentication, which would \
                         send the password in clear, so it was not sent: use an https:// URL, or \
                         choose Basic explicitly (HttpAuth::Basic) if the network path is trusted"
                    }
                };
                f.write_str(what)?;
                match vendor {
                    Some(v) => write!(f, " ({v})"),
                    None => Ok(()),
                }
            }
            Error::Version {
                version,
                since: Some(since),
                ..
            } => write!(
                f,
                "not sent: the endpoint needs API version {since} or later, and the client speaks {version}"
            ),
            Error::Version { version, .. } => {
                write!(f, "not sent: the family has no API version `{version}`")
            }
            Error::DownloadTooLarge { limit, written, .. } => write!(
                f,
                "the download is larger than the {limit}-byte cap; {written} bytes were written before reading stopped"
            ),
            Error::Closed => f.write_str("the client was closed"),
        }
    }
}

impl<C: ErrorCode> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest { source, .. } => Some(source),
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            Error::Vendor { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The innermost cause of a reqwest error (its own message is generic).
fn detail(e: &reqwest::Error) -> String {
    let mut inner: &dyn std::error::Error = e;
    let mut text = String::new();
    while let Some(source) = inner.source() {
        text = source.to_string();
        inner = source;
    }
    if text.is_empty() {
        "no further detail".to_owned()
    } else {
        text
    }
}

/// Classifies a reqwest error: TLS failures are recognised by their rustls error anywhere in
/// the chain (also inside an `io::Error`).
///
/// Connect-phase errors (TCP, TLS handshake, connect timeout; reqwest's `is_connect`) mean
/// nothing was sent. Anything after the connection was open counts as sent.
pub(crate) fn transport_kind(e: &reqwest::Error) -> TransportKind {
    let connect = e.is_connect();
    if e.is_timeout() {
        return if connect {
            TransportKind::ConnectTimeout
        } else {
            TransportKind::Timeout
        };
    }
    if !connect {
        return TransportKind::Io;
    }
    let mut inner: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(source) = inner {
        if source.downcast_ref::<rustls::Error>().is_some() {
            return TransportKind::Tls;
        }
        // An `io::Error`'s `source()` skips the error it wraps; step into that one instead.
        inner = match source.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            None => source.source(),
        };
    }
    TransportKind::Connect
}
