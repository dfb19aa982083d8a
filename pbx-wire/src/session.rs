//! The session contract a family's `[session]` table declares, below the family crates so
//! that their generated code can implement it: what the session is ([`SessionMeta`], in
//! [`ApiMeta::session`](crate::ApiMeta::session)), what a login grants ([`Grant`]), and what a
//! token family's generated endpoints provide to the client runtime ([`TokenApi`]).

use std::fmt;
use std::time::Duration;

use crate::{Api, Endpoint, ErrorCode};

/// A secret string. Its `Debug` and `Display` print `***`; read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How a family authenticates (`style` in `[session]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStyle {
    /// A login returns a token carried in the query; a keep-alive (heartbeat or refresh)
    /// keeps it, a logout ends it.
    Token,
    /// HTTP Basic or Digest on every request (Switchvox); no session endpoints.
    HttpAuth,
}

/// How the login carries the password (`password` in `[session]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordForm {
    /// The MD5 of the password as 32 lowercase hex digits (OpenVox, Yeastar S-Series).
    Md5Hex,
    /// The secret as given (Yeastar P-Series client secret; HTTP authentication).
    Plain,
}

/// The error codes that say what happened to a session (`[session.errors]`). Each list is in
/// the spec's order; the first code is the one a simulated PBX answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCodes {
    /// No token was given.
    pub token_blank: &'static [&'static str],
    /// The token is unknown (never issued, logged out, forgotten).
    pub token_invalid: &'static [&'static str],
    /// The token timed out.
    pub token_expired: &'static [&'static str],
    /// Wrong user name or password.
    pub wrong_credentials: &'static [&'static str],
    /// Too many failed logins: the account or address is locked out.
    pub locked_out: &'static [&'static str],
}

/// Why a login was refused, by the codes of [`SessionCodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Wrong user name or password.
    WrongCredentials,
    /// Locked out after failed logins.
    LockedOut,
}

impl SessionCodes {
    /// Whether `code` means the token is blank, unknown or expired: the PBX refused the
    /// request before acting on it, so it may be sent again after renewing.
    pub fn token_gone(&self, code: &str) -> bool {
        [self.token_blank, self.token_invalid, self.token_expired]
            .iter()
            .any(|list| list.contains(&code))
    }

    /// Whether a login error means the credentials are wrong or locked out (never retried).
    pub fn refused(&self, code: &str) -> Option<Refused> {
        if self.wrong_credentials.contains(&code) {
            Some(Refused::WrongCredentials)
        } else if self.locked_out.contains(&code) {
            Some(Refused::LockedOut)
        } else {
            None
        }
    }
}

/// What a family's `[session]` table declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionMeta {
    /// The style.
    pub style: SessionStyle,
    /// How the login carries the password.
    pub password: PasswordForm,
    /// The endpoint ids (`login`, `heartbeat`) that log in, keep alive and log out, for token
    /// sessions.
    pub login: Option<&'static str>,
    /// The keep-alive endpoint's id.
    pub keep_alive: Option<&'static str>,
    /// The logout endpoint's id.
    pub logout: Option<&'static str>,
    /// The codes that say what happened to the session.
    pub codes: SessionCodes,
}

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

impl Grant {
    /// A grant from the response fields the `[session]` table names: the token, its life in
    /// seconds, and the refresh token with its life. Negative lives are treated as unstated.
    pub fn from_fields(
        token: String,
        expires_in: Option<i64>,
        refresh: Option<String>,
        refresh_expires_in: Option<i64>,
    ) -> Self {
        Grant {
            token: Secret::new(token),
            expires_in: expires_in.and_then(seconds),
            refresh: refresh.map(|r| (Secret::new(r), refresh_expires_in.and_then(seconds))),
        }
    }

    /// The refresh token, if the grant has one.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh.as_ref().map(|(r, _)| r.expose())
    }
}

/// A life in whole seconds as a [`Duration`]; `None` when negative.
pub fn seconds(n: i64) -> Option<Duration> {
    u64::try_from(n).ok().map(Duration::from_secs)
}

/// What a token family's session needs from its generated endpoints. The generator implements
/// it for every family whose `[session]` has `style = "token"`.
pub trait TokenApi: Api + Send + Sync + Sized {
    /// The login endpoint.
    type Login: Endpoint<Api = Self>;
    /// What keeps the session alive: a heartbeat, or a token refresh.
    type KeepAlive: Endpoint<Api = Self>;
    /// The logout endpoint.
    type Logout: Endpoint<Api = Self>;

    /// What the family's `[session]` table declares.
    const SESSION: &'static SessionMeta;

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

    /// Whether the login carries the MD5 of the password rather than the secret itself.
    fn password_md5() -> bool {
        Self::SESSION.password == PasswordForm::Md5Hex
    }

    /// Whether a code means the token is unknown, blank or expired.
    fn is_token_error(code: &Self::ErrorCode) -> bool {
        Self::SESSION.codes.token_gone(code.code())
    }

    /// Whether a login error means the credentials are wrong or locked out.
    fn refused(code: &Self::ErrorCode) -> Option<Refused> {
        Self::SESSION.codes.refused(code.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: SessionCodes = SessionCodes {
        token_blank: &["20005"],
        token_invalid: &["20004"],
        token_expired: &["20006"],
        wrong_credentials: &["30003", "20003"],
        locked_out: &["20002"],
    };

    #[test]
    fn codes_classify() {
        assert!(CODES.token_gone("20006"));
        assert!(!CODES.token_gone("20003"));
        assert_eq!(CODES.refused("20003"), Some(Refused::WrongCredentials));
        assert_eq!(CODES.refused("20002"), Some(Refused::LockedOut));
        assert_eq!(CODES.refused("20004"), None);
    }

    #[test]
    fn grants_from_fields() {
        let g = Grant::from_fields("t".into(), Some(1800), Some("r".into()), Some(-1));
        assert_eq!(g.expires_in, Some(Duration::from_secs(1800)));
        assert_eq!(g.refresh_token(), Some("r"));
        assert_eq!(g.refresh.and_then(|(_, d)| d), None);
        assert_eq!(format!("{:?}", g.token), "Secret(***)");
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        assert_eq!(s.expose(), "hunter2");
    }
}
