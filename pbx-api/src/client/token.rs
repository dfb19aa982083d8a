//! Token sessions: log in, carry the token in the query, keep the session alive while the client
//! lives, renew once when the PBX says the token is gone (then resend, since the PBX refused the
//! request before acting), log out on close.
//!
//! - OpenVox, Yeastar S-Series API v1 and API 2.0: the login carries the MD5 of the API
//!   password; a heartbeat every 20 minutes keeps the token (which has no expiry of its own).
//! - Yeastar P-Series OpenAPI: the login carries the client secret as-is; the token expires
//!   after the time the PBX states and is refreshed with the refresh token shortly before.

use std::marker::PhantomData;
use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, Instant};

use pbx_wire::{Api, Endpoint, ErrorCode, Format};

use super::config::{ClientConfig, ConfigError};
use super::error::{AuthKind, Error};
use super::secret::{Secret, md5_hex};
use super::transport::{Transport, check_family, decode, format_for, http_request};
use super::validate;

/// Where the PBX sends event reports: this client's address and a port it listens on. Login
/// and heartbeat carry it; the PBX requires it even from clients that ignore reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    /// The IP address the PBX should post reports to.
    pub ip: String,
    /// The port.
    pub port: u16,
}

/// A session token and what the PBX said about its life.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The token.
    pub token: Secret,
    /// How long it lives, if the PBX says (P-Series); others live while used.
    pub expires_in: Option<Duration>,
    /// The token that renews the session, and how long it lives (P-Series).
    pub refresh: Option<(Secret, Option<Duration>)>,
}

/// What a token family's session needs from its generated endpoints. Implemented for
/// [`openvox::Api`](crate::openvox::Api), [`yeastar_s::Api`](crate::yeastar_s::Api),
/// [`yeastar_v2::Api`](crate::yeastar_v2::Api) and [`yeastar_p::Api`](crate::yeastar_p::Api).
pub trait TokenApi: Api + Send + Sync + Sized {
    /// The login endpoint.
    type Login: Endpoint<Api = Self>;
    /// What keeps the session alive: a heartbeat, or a token refresh.
    type KeepAlive: Endpoint<Api = Self>;
    /// The logout endpoint.
    type Logout: Endpoint<Api = Self>;

    /// Whether the login carries the MD5 of the password (OpenVox, S-Series) rather than the
    /// secret itself (P-Series).
    const PASSWORD_MD5: bool;

    /// The login request for a user, its password (or MD5) and the report target.
    fn login(user: &str, password: &str, report: &ReportTarget) -> Self::Login;
    /// The grant a login response carries.
    fn grant(response: <Self::Login as Endpoint>::Response) -> Grant;
    /// The keep-alive for the current grant; `None` when there is nothing to send it with.
    fn keep_alive(report: &ReportTarget, grant: &Grant) -> Option<Self::KeepAlive>;
    /// The new grant a keep-alive answer carries: a refresh's, or `None` for a heartbeat.
    fn renewed(response: <Self::KeepAlive as Endpoint>::Response) -> Option<Grant>;
    /// The logout request.
    fn logout() -> Self::Logout;
    /// Whether a code means the token is unknown, blank or expired: the PBX refused the
    /// request before acting on it, so it may be sent again after renewing.
    fn is_token_error(code: &Self::ErrorCode) -> bool;
    /// Whether a login error means the credentials are wrong or locked out (never retried).
    fn credential_error(code: &Self::ErrorCode) -> Option<AuthKind>;
}

/// A grant with its deadlines made absolute.
#[derive(Debug, Clone)]
struct Session {
    grant: Grant,
    expires_at: Option<Instant>,
    refresh_expires_at: Option<Instant>,
}

impl Session {
    fn new(grant: Grant) -> Self {
        let now = Instant::now();
        Session {
            expires_at: grant.expires_in.map(|d| now + d),
            refresh_expires_at: grant.refresh.as_ref().and_then(|(_, d)| d.map(|d| now + d)),
            grant,
        }
    }

    /// Whether the token is still good for a request sent now.
    fn usable(&self) -> bool {
        self.expires_at
            .is_none_or(|at| Instant::now() + Duration::from_secs(1) < at)
    }

    /// Whether the refresh token can still renew the session.
    fn refreshable(&self) -> bool {
        self.grant.refresh.is_some() && self.refresh_expires_at.is_none_or(|at| Instant::now() < at)
    }

    /// How long to wait before the next keep-alive.
    fn next_keep_alive(&self, heartbeat_every: Duration) -> Duration {
        match self.expires_at {
            Some(at) => {
                let life = self.grant.expires_in.unwrap_or_default();
                let margin = (life / 10).min(Duration::from_secs(60));
                at.saturating_duration_since(Instant::now())
                    .saturating_sub(margin)
            }
            None => heartbeat_every,
        }
    }
}

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
                report,
                heartbeat_every: self.heartbeat_every,
                session: RwLock::new(None),
                login_lock: tokio::sync::Mutex::new(()),
                refused: Mutex::new(None),
                closed: AtomicBool::new(false),
                heartbeat: Mutex::new(None),
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
struct Inner<A> {
    transport: Transport,
    user: String,
    /// The MD5 of the password, or the secret itself, as the family's login takes it.
    password: Secret,
    format: Format,
    report: ReportTarget,
    heartbeat_every: Duration,
    session: RwLock<Option<Session>>,
    /// Serialises logins, so concurrent requests that meet an expired token share one.
    login_lock: tokio::sync::Mutex<()>,
    /// Set when the PBX refused the credentials: later calls fail at once instead of walking
    /// into the PBX's lockout.
    refused: Mutex<Option<AuthKind>>,
    closed: AtomicBool,
    heartbeat: Mutex<Option<tokio::task::JoinHandle<()>>>,
    _api: PhantomData<fn() -> A>,
}

impl<A> Drop for Inner<A> {
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
        let password = if A::PASSWORD_MD5 {
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
        self.check_open(meta).map_err(Error::recode)?;
        let format = format_for::<E>(self.inner.format);
        request
            .check(format)
            .map_err(|source| Error::InvalidRequest {
                endpoint: meta,
                source,
            })?;
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

    /// Stops the heartbeat and logs out. Later calls fail with [`Error::Closed`].
    pub async fn close(&self) -> Result<(), A> {
        if self.inner.closed.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        if let Some(task) = self.inner.heartbeat.lock().ok().and_then(|mut h| h.take()) {
            task.abort();
        }
        // Wait for a login or refresh in flight, so its token is the one logged out.
        let _guard = self.inner.login_lock.lock().await;
        let session = self.inner.session.write().ok().and_then(|mut t| t.take());
        let Some(token) = session.map(|s| s.grant.token) else {
            return Ok(());
        };
        let logout = A::logout();
        let format = format_for::<A::Logout>(self.inner.format);
        match self.send_with_token(&logout, format, &token).await {
            Ok(_) => Ok(()),
            // The session is gone either way.
            Err(Error::Vendor { error, .. }) if A::is_token_error(&error.code) => Ok(()),
            Err(e) => Err(e),
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
        let http = http_request(request, format, token.expose())?;
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

    async fn current_or_login(&self) -> Result<Secret, A> {
        if let Some(session) = self.session()
            && session.usable()
        {
            return Ok(session.grant.token);
        }
        let _guard = self.inner.login_lock.lock().await;
        match self.session() {
            Some(session) if session.usable() => Ok(session.grant.token),
            Some(_) => self.renew_locked().await,
            None => self.login_locked().await,
        }
    }

    /// Renews the session unless another task already replaced the `stale` token.
    async fn renew(&self, stale: &Secret) -> Result<Secret, A> {
        let _guard = self.inner.login_lock.lock().await;
        match self.session() {
            Some(session) if &session.grant.token != stale && session.usable() => {
                Ok(session.grant.token)
            }
            _ => self.renew_locked().await,
        }
    }

    /// Refreshes the session if the family can and the refresh token is alive, else logs in;
    /// the caller holds `login_lock`.
    async fn renew_locked(&self) -> Result<Secret, A> {
        if let Some(session) = self.session()
            && session.refreshable()
            && let Some(refresh) = A::keep_alive(&self.inner.report, &session.grant)
        {
            let format = format_for::<A::KeepAlive>(self.inner.format);
            match self
                .send_with_token(&refresh, format, &session.grant.token)
                .await
            {
                Ok(response) => {
                    if let Some(grant) = A::renewed(response) {
                        tracing::debug!(family = A::META.module, "session refreshed");
                        return Ok(self.store(grant));
                    }
                }
                Err(e) => {
                    tracing::debug!(family = A::META.module, error = %e, "refresh failed; logging in");
                }
            }
        }
        self.login_locked().await
    }

    /// Logs in; the caller holds `login_lock`.
    async fn login_locked(&self) -> Result<Secret, A> {
        let meta = A::Login::META;
        self.check_open(meta)?;
        let inner = &self.inner;
        let request = A::login(&inner.user, inner.password.expose(), &inner.report);
        let format = format_for::<A::Login>(inner.format);
        let http = http_request(&request, format, "")?;
        let reply = inner.transport.exchange(meta, &http, None).await?;
        match decode::<A::Login>(format, reply) {
            Ok(response) => {
                let token = self.store(A::grant(response));
                // A close that started meanwhile waits for this lock and logs this token out.
                if !inner.closed.load(Ordering::SeqCst) {
                    self.start_keep_alive();
                }
                tracing::debug!(family = A::META.module, "logged in");
                Ok(token)
            }
            Err(Error::Vendor { error, endpoint }) => match A::credential_error(&error.code) {
                Some(kind) => {
                    if let Ok(mut refused) = inner.refused.lock() {
                        *refused = Some(kind);
                    }
                    Err(Error::Auth {
                        endpoint,
                        kind,
                        vendor: Some(error),
                    })
                }
                None => Err(Error::Vendor { error, endpoint }),
            },
            Err(e) => Err(e),
        }
    }

    /// One keep-alive: a heartbeat through the normal send path, or a refresh under the login
    /// lock.
    async fn keep_alive(&self) -> bool {
        let Some(session) = self.session() else {
            return true;
        };
        if session.grant.refresh.is_some() {
            let _guard = self.inner.login_lock.lock().await;
            if self.inner.closed.load(Ordering::SeqCst) {
                return true;
            }
            if let Err(e) = self.renew_locked().await {
                tracing::warn!(family = A::META.module, error = %e, "session refresh failed");
                return false;
            }
        } else if let Some(request) = A::keep_alive(&self.inner.report, &session.grant)
            && let Err(e) = self.send(&request).await
        {
            tracing::warn!(family = A::META.module, error = %e, "heartbeat failed");
            return false;
        }
        true
    }

    fn start_keep_alive(&self) {
        let Ok(mut slot) = self.inner.heartbeat.lock() else {
            return;
        };
        if slot.as_ref().is_some_and(|task| !task.is_finished()) {
            return;
        }
        let weak: Weak<Inner<A>> = Arc::downgrade(&self.inner);
        *slot = Some(tokio::spawn(async move {
            let mut failures: u32 = 0;
            loop {
                let wait = {
                    let Some(inner) = weak.upgrade() else {
                        break;
                    };
                    let every = inner.heartbeat_every;
                    // Never spin: at least a second between keep-alives (or the configured
                    // interval, if shorter), doubling after each failure up to a minute.
                    let floor = every.min(Duration::from_secs(1));
                    if failures > 0 {
                        let backoff = floor.saturating_mul(2u32.saturating_pow(failures));
                        backoff.min(Duration::from_secs(60))
                    } else {
                        let session = inner.session.read().ok().and_then(|s| s.clone());
                        session
                            .map_or(every, |s| s.next_keep_alive(every))
                            .max(floor)
                    }
                };
                tokio::time::sleep(wait).await;
                let Some(inner) = weak.upgrade() else {
                    break;
                };
                let refused = inner.refused.lock().ok().is_some_and(|r| r.is_some());
                if inner.closed.load(Ordering::SeqCst) || refused {
                    break;
                }
                let alive = TokenClient { inner }.keep_alive().await;
                if alive {
                    failures = 0;
                } else {
                    failures = failures.saturating_add(1);
                }
            }
        }));
    }
}

/// The local address this machine would use to reach the PBX: a UDP socket is "connected" to
/// the PBX's address, which picks a route but sends nothing.
fn local_ip_towards(base_url: &str) -> IpAddr {
    let fallback = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let with_port = if authority.starts_with('[') {
        if authority.contains("]:") {
            authority.to_owned()
        } else {
            format!("{authority}:80")
        }
    } else if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let Some(target) = with_port.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        return fallback;
    };
    let bind = if target.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    UdpSocket::bind(bind)
        .and_then(|socket| {
            socket.connect(target)?;
            socket.local_addr()
        })
        .map_or(fallback, |addr| addr.ip())
}
