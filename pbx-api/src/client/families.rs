//! How each token family's generated endpoints make up its session.

use super::error::AuthKind;
use super::token::{ReportTarget, TokenApi};
use crate::{openvox, yeastar_s, yeastar_v2};

impl TokenApi for openvox::Api {
    type Login = openvox::login::Request;
    type Heartbeat = openvox::heartbeat::Request;
    type Logout = openvox::logout::Request;

    fn login(user: &str, password_md5: &str, report: &ReportTarget) -> Self::Login {
        openvox::login::Request::new(user, password_md5, report.port.to_string())
    }

    fn token(response: openvox::login::Response) -> String {
        response.token
    }

    fn heartbeat(report: &ReportTarget) -> Self::Heartbeat {
        openvox::heartbeat::Request::new(report.ip.clone(), report.port.to_string())
    }

    fn logout() -> Self::Logout {
        openvox::logout::Request::new()
    }

    fn is_token_error(code: &openvox::ErrorCode) -> bool {
        use openvox::ErrorCode::*;
        matches!(code, NoSuchToken | TokenBlank | TokenTimedOut)
    }

    fn credential_error(code: &openvox::ErrorCode) -> Option<AuthKind> {
        use openvox::ErrorCode::*;
        match code {
            // OpenVox documents 30003 as its answer to a failed login.
            LoginFailed | ApisrvNotStarted => Some(AuthKind::WrongCredentials),
            LoginLockedOut => Some(AuthKind::LockedOut),
            _ => None,
        }
    }
}

impl TokenApi for yeastar_s::Api {
    type Login = yeastar_s::login::Request;
    type Heartbeat = yeastar_s::heartbeat::Request;
    type Logout = yeastar_s::logout::Request;

    fn login(user: &str, password_md5: &str, report: &ReportTarget) -> Self::Login {
        yeastar_s::login::Request::new(user, password_md5, report.port.to_string())
    }

    fn token(response: yeastar_s::login::Response) -> String {
        response.token
    }

    fn heartbeat(report: &ReportTarget) -> Self::Heartbeat {
        yeastar_s::heartbeat::Request::new(report.ip.clone(), report.port.to_string())
    }

    fn logout() -> Self::Logout {
        yeastar_s::logout::Request::new()
    }

    fn is_token_error(code: &yeastar_s::ErrorCode) -> bool {
        use yeastar_s::ErrorCode::*;
        matches!(code, NoSuchToken | TokenBlank | TokenTimedOut)
    }

    fn credential_error(code: &yeastar_s::ErrorCode) -> Option<AuthKind> {
        use yeastar_s::ErrorCode::*;
        match code {
            LoginFailed => Some(AuthKind::WrongCredentials),
            LoginLockedOut => Some(AuthKind::LockedOut),
            _ => None,
        }
    }
}

impl TokenApi for yeastar_v2::Api {
    type Login = yeastar_v2::login::Request;
    type Heartbeat = yeastar_v2::heartbeat::Request;
    type Logout = yeastar_v2::logout::Request;

    fn login(user: &str, password_md5: &str, report: &ReportTarget) -> Self::Login {
        yeastar_v2::login::Request::new(user, password_md5).port(report.port.to_string())
    }

    fn token(response: yeastar_v2::login::Response) -> String {
        response.token
    }

    fn heartbeat(report: &ReportTarget) -> Self::Heartbeat {
        yeastar_v2::heartbeat::Request::new(report.ip.clone()).port(report.port.to_string())
    }

    fn logout() -> Self::Logout {
        yeastar_v2::logout::Request::new()
    }

    fn is_token_error(code: &yeastar_v2::ErrorCode) -> bool {
        use yeastar_v2::ErrorCode::*;
        matches!(code, NoSuchToken | TokenBlank | TokenTimedOut)
    }

    fn credential_error(code: &yeastar_v2::ErrorCode) -> Option<AuthKind> {
        use yeastar_v2::ErrorCode::*;
        match code {
            LoginFailed => Some(AuthKind::WrongCredentials),
            LoginLockedOut => Some(AuthKind::LockedOut),
            _ => None,
        }
    }
}
