//! Token sessions: log in, carry the token in the query, keep the session alive while the client
//! lives, renew once when the PBX says the token is gone (then resend, since the PBX refused the
//! request before acting), log out on close.
//!
//! - OpenVox, Yeastar S-Series API v1 and API 2.0: the login carries the MD5 of the API
//!   password; a heartbeat every 20 minutes keeps the token (which has no expiry of its own).
//! - Yeastar P-Series OpenAPI: the login carries the client secret as-is; the token expires
//!   after the time the PBX states and is refreshed with the refresh token shortly before.
//!
//! Which endpoints do what, and which codes mean what, is the family's `[session]` table; the
//! generated code implements [`TokenApi`] from it, and this module drives any such family.

mod access;
mod close;
mod deadlines;
mod download;
mod keep_alive;
mod local_ip;
mod login;
mod renew;
mod report;

use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

pub use pbx_wire::session::{Grant, ReportTarget, TokenApi};
use pbx_wire::{Api, Endpoint, ErrorCode, Format};

use super::config::{ClientConfig, ConfigError};
use super::error::{AuthKind, Error};
use super::secret::{Secret, md5_hex};
use super::transport::{Transport, check_family, check_version, decode, format_for, http_request};
use super::validate;
use deadlines::Session;
use local_ip::local_ip_towards;
#[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
pub(crate) use report::LoginPatch;
#[cfg(not(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2")))]
use report::LoginPatch;

/// How a [`TokenClient`] logs in and keeps its session; see [`TokenClient::builder`].
#[derive(Debug)]
pub struct TokenClientBuilder<A> {
    config: ClientConfig,
    user: String,
    password: Secret,
    /// Whether the password was empty before hashing (checked when building).
    password_empty: bool,
    format: Format,
    report: Option<ReportTarget>,
    heartbeat_every: Duration,
    _api: PhantomData<fn() -> A>,
}

impl<A: TokenApi> TokenClientBuilder<A> {
    /// Sends bodies in `format` where the endpoint accepts it (OpenVox speaks JSON and XML; the
    /// others JSON only). JSON by default.
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Where the PBX should send event reports. By default: the local address this machine
    /// uses to reach the PBX, port 8260.
    pub fn report_to(mut self, ip: impl Into<String>, port: u16) -> Self {
        self.report = Some(ReportTarget {
            ip: ip.into(),
            port,
        });
        self
    }

    /// How often the heartbeat keeps the token alive (the token dies after 30 idle minutes).
    /// 20 minutes by default.
    pub fn heartbeat_every(mut self, every: Duration) -> Self {
        self.heartbeat_every = every;
        self
    }

    /// Builds the client. Nothing is sent until the first request (or [`TokenClient::login`]).
    /// Refuses a base URL with a query or fragment, an empty user or password, or a user
    /// name with control characters (see [`validate`](super::validate)).
    pub fn build(self) -> std::result::Result<TokenClient<A>, ConfigError> {
        validate::base_url(&self.config.base_url)?;
        validate::user(&self.user)?;
        if self.password_empty {
            validate::password("")?;
        }
        let report = match self.report {
            Some(report) => report,
            None => ReportTarget {
                ip: local_ip_towards(&self.config.base_url).to_string(),
                port: 8260,
            },
        };
        Ok(TokenClient {
            inner: Arc::new(Inner {
                transport: Transport::new(self.config)?,
                user: self.user,
                password: self.password,
                format: self.format,
                report: RwLock::new(report),
                login_patch: RwLock::new(None),
                heartbeat_every: self.heartbeat_every,
                session: RwLock::new(None),
                login_lock: tokio::sync::Mutex::new(()),
                refused: Mutex::new(None),
                closed: AtomicBool::new(false),
                heartbeat: Mutex::new(None),
                keep_alive_failed: tokio::sync::watch::channel(None).0,
                _api: PhantomData,
            }),
        })
    }
}

/// A client for a token family. Cheap to clone; clones share one session.
#[derive(Debug)]
pub struct TokenClient<A: TokenApi> {
    inner: Arc<Inner<A>>,
}

impl<A: TokenApi> Clone for TokenClient<A> {
    fn clone(&self) -> Self {
        TokenClient {
            inner: self.inner.clone(),
        }
    }
}

#[derive(Debug)]
struct Inner<A: TokenApi> {
    transport: Transport,
    user: String,
    /// The MD5 of the password, or the secret itself, as the family's login takes it.
    password: Secret,
    format: Format,
    /// Where the PBX sends reports: login and heartbeat name it; an event receiver bound on
    /// another port re-points it (`report.rs`).
    report: RwLock<ReportTarget>,
    /// What the login adds for the event receiver (the report `version`), once one asked.
    login_patch: RwLock<Option<LoginPatch<A>>>,
    heartbeat_every: Duration,
    session: RwLock<Option<Session>>,
    /// Serialises logins, so concurrent requests that meet an expired token share one.
    login_lock: tokio::sync::Mutex<()>,
    /// Set when the PBX refused the credentials: later calls fail at once instead of walking
    /// into the PBX's lockout.
    refused: Mutex<Option<AuthKind>>,
    closed: AtomicBool,
    heartbeat: Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// Why the last keep-alive failed, or `None` when it worked (or none ran yet). Event
    /// sources watch it: a PBX that missed its heartbeats may have dropped the report target.
    keep_alive_failed: tokio::sync::watch::Sender<Option<String>>,
    _api: PhantomData<fn() -> A>,
}

impl<A: TokenApi> Drop for Inner<A> {
    fn drop(&mut self) {
        if let Ok(mut slot) = self.heartbeat.lock()
            && let Some(task) = slot.take()
        {
            task.abort();
        }
    }
}

type Result<T, A> = std::result::Result<T, Error<<A as Api>::ErrorCode>>;

impl<A: TokenApi> TokenClient<A> {
    /// Starts a client for `user` with its API `password`. Families that log in with the MD5
    /// of the password get it hashed here, and only the MD5 is kept.
    pub fn builder(
        config: ClientConfig,
        user: impl Into<String>,
        password: &str,
    ) -> TokenClientBuilder<A> {
        let empty = password.is_empty();
        let password = if A::password_md5() {
            Secret::new(md5_hex(password))
        } else {
            Secret::new(password)
        };
        let mut builder = Self::builder_with_secret(config, user, password);
        builder.password_empty |= empty;
        builder
    }

    /// Starts a client for `user` whose secret is given exactly as the login sends it (for
    /// MD5 families, the MD5 as 32 lowercase hex digits).
    pub fn builder_with_secret(
        config: ClientConfig,
        user: impl Into<String>,
        secret: Secret,
    ) -> TokenClientBuilder<A> {
        TokenClientBuilder {
            config,
            user: user.into(),
            password_empty: secret.expose().is_empty(),
            password: secret,
            format: Format::Json,
            report: None,
            heartbeat_every: Duration::from_secs(20 * 60),
            _api: PhantomData,
        }
    }

    /// Logs in now, unless a session is already open (requests log in by themselves when
    /// needed).
    pub async fn login(&self) -> Result<(), A> {
        self.current_or_login().await.map(|_| ())
    }

    /// Sends a request and decodes the answer. A token error (unknown, blank or expired token)
    /// leads to one fresh login and one resend, since the PBX refused the request before
    /// acting; nothing else is sent twice, except read-only calls after transport failures.
    pub async fn send<E: Endpoint<Api = A>>(&self, request: &E) -> Result<E::Response, A> {
        self.send_any(request).await
    }

    /// [`TokenClient::send`] for an endpoint whose family is known only at run time (tools
    /// that pick endpoints by name). An endpoint of another family is refused unsent.
    pub async fn send_any<E: Endpoint>(
        &self,
        request: &E,
    ) -> std::result::Result<E::Response, Error<<E::Api as Api>::ErrorCode>> {
        let meta = E::META;
        check_family::<A, E>()?;
        crate::client::download::check_download(meta, false)?;
        self.check_open(meta).map_err(Error::recode)?;
        let format = format_for::<E>(self.inner.format);
        request
            .check(format)
            .map_err(|source| Error::InvalidRequest {
                endpoint: meta,
                source,
            })?;
        if let Some(version) = self.inner.transport.config.api_version.as_deref() {
            // Before logging in: an endpoint the PBX's version lacks is refused unsent.
            check_version(meta, version)?;
        }
        let token_error = |code: &<E::Api as Api>::ErrorCode| {
            A::is_token_error(&<A::ErrorCode as ErrorCode>::from_code(code.code()))
        };
        let token = self.current_or_login().await.map_err(Error::recode)?;
        match self.send_with_token(request, format, &token).await {
            Err(Error::Vendor { error, .. }) if token_error(&error.code) => {
                tracing::debug!(endpoint = meta.id, "token refused; renewing the session");
                let fresh = self.renew(&token).await.map_err(Error::recode)?;
                match self.send_with_token(request, format, &fresh).await {
                    Err(Error::Vendor { error, endpoint }) if token_error(&error.code) => {
                        Err(Error::Auth {
                            endpoint,
                            kind: AuthKind::TokenRejected,
                            vendor: Some(error),
                        })
                    }
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Lets the client try to log in again after the PBX refused its credentials (once the
    /// account is fixed, or a lockout has run out). Until then every call fails at once.
    pub fn retry_credentials(&self) {
        if let Ok(mut refused) = self.inner.refused.lock() {
            *refused = None;
        }
    }

    fn check_open(&self, endpoint: &'static pbx_wire::EndpointMeta) -> Result<(), A> {
        if self.inner.closed.load(Ordering::SeqCst) {
            return Err(Error::Closed);
        }
        if let Some(kind) = self.inner.refused.lock().ok().and_then(|r| *r) {
            return Err(Error::Auth {
                endpoint,
                kind,
                vendor: None,
            });
        }
        Ok(())
    }

    async fn send_with_token<E: Endpoint>(
        &self,
        request: &E,
        format: Format,
        token: &Secret,
    ) -> std::result::Result<E::Response, Error<<E::Api as Api>::ErrorCode>> {
        let meta = E::META;
        let http = http_request(
            request,
            format,
            token.expose(),
            self.inner.transport.config.api_version.as_deref(),
        )?;
        let transport = &self.inner.transport;
        transport
            .with_read_retries(meta, || async {
                let reply = transport.exchange(meta, &http, None).await?;
                decode::<E>(format, reply)
            })
            .await
    }

    fn session(&self) -> Option<Session> {
        self.inner.session.read().ok().and_then(|s| s.clone())
    }

    fn store(&self, grant: Grant) -> Secret {
        let token = grant.token.clone();
        if let Ok(mut slot) = self.inner.session.write() {
            *slot = Some(Session::new(grant));
        }
        token
    }
}
