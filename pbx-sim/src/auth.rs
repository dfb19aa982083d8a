//! Switchvox's HTTP authentication, checked on every request to its URLs before anything
//! else (routing included): Basic, or Digest (MD5, `qop=auth`) against nonces that expire and
//! nonce counts that are spent once.

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use pbx_api::wire::Endpoint;
use pbx_api::wire::base64::encode as base64;

use crate::config::SwitchvoxAuth;
use crate::digest::{self, NonceUse};
use crate::state::{State, md5_hex};

/// The realm in challenges.
pub(crate) const REALM: &str = "switchvox";

/// Whether `path` is one of Switchvox's URLs (its family URL, `/{format}`, in each format).
pub(crate) fn is_switchvox_path(path: &str) -> bool {
    let meta = pbx_api::switchvox::call::Request::META;
    let (head, tail) = meta.url.split_once("{format}").unwrap_or((meta.url, ""));
    path.strip_prefix(head)
        .and_then(|p| p.strip_suffix(tail))
        .and_then(|f| f.parse::<pbx_api::wire::Format>().ok())
        .is_some_and(|f| meta.supports(f))
}

/// The 401 answer for a request to a Switchvox URL without valid credentials, whatever its
/// method and body; `None` lets the request through.
pub(crate) fn gate(
    state: &mut State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Option<Response> {
    if !is_switchvox_path(uri.path()) {
        return None;
    }
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let stale = match check(state, authorization, method.as_str(), target) {
        Verdict::Allowed => return None,
        Verdict::Refused => false,
        Verdict::Stale => true,
    };
    let challenge = challenge(state, stale);
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    Some(response)
}

/// What a request's credentials are worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Allowed,
    Refused,
    /// The right password with a nonce that is no longer good (`stale=true`).
    Stale,
}

fn check(state: &mut State, header: Option<&str>, method: &str, target: &str) -> Verdict {
    let Some(header) = header else {
        return Verdict::Refused;
    };
    let (scheme, rest) = digest::scheme(header);
    let config = &state.config;
    match config.switchvox_auth {
        SwitchvoxAuth::Basic => {
            let expected = base64(format!("{}:{}", config.user, config.password).as_bytes());
            if scheme.eq_ignore_ascii_case("basic") && rest.trim() == expected {
                Verdict::Allowed
            } else {
                Verdict::Refused
            }
        }
        SwitchvoxAuth::Digest => {
            if !scheme.eq_ignore_ascii_case("digest") {
                return Verdict::Refused;
            }
            check_digest(state, rest, method, target)
        }
    }
}

fn check_digest(state: &mut State, list: &str, method: &str, target: &str) -> Verdict {
    let Some(params) = digest::params(list) else {
        return Verdict::Refused;
    };
    let field = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(user), Some(realm), Some(nonce), Some(uri), Some(response)) = (
        field("username"),
        field("realm"),
        field("nonce"),
        field("uri"),
        field("response"),
    ) else {
        return Verdict::Refused;
    };
    let config = &state.config;
    let algorithm_ok = field("algorithm").is_none_or(|a| a.eq_ignore_ascii_case("md5"));
    if !algorithm_ok || user != config.user || realm != REALM || uri != target {
        return Verdict::Refused;
    }
    let ha1 = md5_hex(&format!("{user}:{realm}:{}", config.password));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    let (expected, count) = match (field("qop"), field("nc"), field("cnonce")) {
        (Some(qop), Some(nc), Some(cnonce)) if qop.eq_ignore_ascii_case("auth") => {
            let Some(count) = (nc.len() == 8)
                .then(|| u32::from_str_radix(nc, 16).ok())
                .flatten()
                .filter(|&c| c > 0)
            else {
                return Verdict::Refused;
            };
            let expected = md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"));
            (expected, count)
        }
        // RFC 2069 Digest (no `qop`, `nc` or `cnonce`), as old clients send it (chicks/switchvox):
        // accepted once per nonce, under the count 0 no `qop` client can send.
        (None, None, None) => (md5_hex(&format!("{ha1}:{nonce}:{ha2}")), 0),
        _ => return Verdict::Refused,
    };
    if !response.eq_ignore_ascii_case(&expected) {
        return Verdict::Refused;
    }
    let life = config.digest_nonce_life;
    match state.nonces.spend(nonce, count, life) {
        NonceUse::Fresh => Verdict::Allowed,
        NonceUse::Stale => Verdict::Stale,
        // A captured header sent again: refused outright, as a wrong password is.
        NonceUse::Replayed => Verdict::Refused,
    }
}

/// The `WWW-Authenticate` challenge for a refused request (a fresh nonce for Digest).
fn challenge(state: &mut State, stale: bool) -> String {
    match state.config.switchvox_auth {
        SwitchvoxAuth::Basic => format!("Basic realm=\"{REALM}\""),
        SwitchvoxAuth::Digest => {
            let nonce = state.nonces.issue();
            let stale = if stale { ", stale=true" } else { "" };
            format!(
                "Digest realm=\"{REALM}\", qop=\"auth\", nonce=\"{nonce}\", opaque=\"{}\", algorithm=MD5{stale}",
                md5_hex("opaque")
            )
        }
    }
}
