//! How each token family's generated endpoints make up its session (each family behind its
//! cargo feature).

#[cfg(feature = "yeastar-p")]
use std::time::Duration;

use super::error::AuthKind;
use super::secret::Secret;
use super::token::{Grant, ReportTarget, TokenApi};
#[cfg(feature = "openvox")]
use crate::openvox;
#[cfg(feature = "yeastar-p")]
use crate::yeastar_p;
#[cfg(feature = "yeastar-s")]
use crate::yeastar_s;
#[cfg(feature = "yeastar-v2")]
use crate::yeastar_v2;

/// A grant for the S-Series-style tokens, which live as long as they are used.
#[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
fn lasting(token: String) -> Grant {
    Grant {
        token: Secret::new(token),
        expires_in: None,
        refresh: None,
    }
}

/// The OpenVox API and the two Yeastar S-Series APIs share their session protocol; only the
/// module paths and a few codes differ.
#[cfg(any(feature = "openvox", feature = "yeastar-s", feature = "yeastar-v2"))]
macro_rules! s_series_session {
    ($family:ident, login: $login:expr, heartbeat: $heartbeat:expr, wrong: [$($wrong:ident),+]) => {
        impl TokenApi for $family::Api {
            type Login = $family::login::Request;
            type KeepAlive = $family::heartbeat::Request;
            type Logout = $family::logout::Request;

            const PASSWORD_MD5: bool = true;

            fn login(user: &str, password: &str, report: &ReportTarget) -> Self::Login {
                let login: fn(&str, &str, String) -> Self::Login = $login;
                login(user, password, report.port.to_string())
            }

            fn grant(response: $family::login::Response) -> Grant {
                lasting(response.token)
            }

            fn keep_alive(report: &ReportTarget, _: &Grant) -> Option<Self::KeepAlive> {
                let heartbeat: fn(String, String) -> Self::KeepAlive = $heartbeat;
                Some(heartbeat(report.ip.clone(), report.port.to_string()))
            }

            fn renewed(_: $family::heartbeat::Response) -> Option<Grant> {
                None
            }

            fn logout() -> Self::Logout {
                $family::logout::Request::new()
            }

            fn is_token_error(code: &$family::ErrorCode) -> bool {
                use $family::ErrorCode::*;
                matches!(code, NoSuchToken | TokenBlank | TokenTimedOut)
            }

            fn credential_error(code: &$family::ErrorCode) -> Option<AuthKind> {
                use $family::ErrorCode::*;
                match code {
                    $($wrong)|+ => Some(AuthKind::WrongCredentials),
                    LoginLockedOut => Some(AuthKind::LockedOut),
                    _ => None,
                }
            }
        }
    };
}

#[cfg(feature = "openvox")]
s_series_session!(
    openvox,
    login: |user, password, port| openvox::login::Request::new(user, password, port),
    heartbeat: |ip, port| openvox::heartbeat::Request::new(ip, port),
    // OpenVox documents 30003 as its answer to a failed login.
    wrong: [LoginFailed, ApisrvNotStarted]
);

#[cfg(feature = "yeastar-s")]
s_series_session!(
    yeastar_s,
    login: |user, password, port| yeastar_s::login::Request::new(user, password, port),
    heartbeat: |ip, port| yeastar_s::heartbeat::Request::new(ip, port),
    wrong: [LoginFailed]
);

#[cfg(feature = "yeastar-v2")]
s_series_session!(
    yeastar_v2,
    login: |user, password, port| yeastar_v2::login::Request::new(user, password).port(port),
    heartbeat: |ip, port| yeastar_v2::heartbeat::Request::new(ip).port(port),
    wrong: [LoginFailed]
);

#[cfg(feature = "yeastar-p")]
fn seconds(n: i64) -> Option<Duration> {
    u64::try_from(n).ok().map(Duration::from_secs)
}

#[cfg(feature = "yeastar-p")]
impl TokenApi for yeastar_p::Api {
    type Login = yeastar_p::get_token::Request;
    type KeepAlive = yeastar_p::refresh_token::Request;
    type Logout = yeastar_p::del_token::Request;

    const PASSWORD_MD5: bool = false;

    fn login(user: &str, password: &str, _: &ReportTarget) -> Self::Login {
        yeastar_p::get_token::Request::new(user, password)
    }

    fn grant(r: yeastar_p::get_token::Response) -> Grant {
        Grant {
            token: Secret::new(r.access_token),
            expires_in: seconds(r.access_token_expire_time),
            refresh: Some((
                Secret::new(r.refresh_token),
                seconds(r.refresh_token_expire_time),
            )),
        }
    }

    fn keep_alive(_: &ReportTarget, grant: &Grant) -> Option<Self::KeepAlive> {
        let (refresh, _) = grant.refresh.as_ref()?;
        Some(yeastar_p::refresh_token::Request::new(refresh.expose()))
    }

    fn renewed(r: yeastar_p::refresh_token::Response) -> Option<Grant> {
        Some(Grant {
            token: Secret::new(r.access_token),
            expires_in: seconds(r.access_token_expire_time),
            refresh: Some((
                Secret::new(r.refresh_token),
                seconds(r.refresh_token_expire_time),
            )),
        })
    }

    fn logout() -> Self::Logout {
        yeastar_p::del_token::Request::new()
    }

    fn is_token_error(code: &yeastar_p::ErrorCode) -> bool {
        matches!(code, yeastar_p::ErrorCode::TokenExpired)
    }

    fn credential_error(code: &yeastar_p::ErrorCode) -> Option<AuthKind> {
        match code {
            yeastar_p::ErrorCode::AccessDenied => Some(AuthKind::WrongCredentials),
            yeastar_p::ErrorCode::AccountIpBlocked => Some(AuthKind::LockedOut),
            _ => None,
        }
    }
}
