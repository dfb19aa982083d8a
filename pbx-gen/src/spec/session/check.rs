//! Checking a `[session]` table against its family: the endpoints it names, the response
//! fields holding the grant, and the error codes.

use pbx_wire::session::SessionStyle;

use super::{Raw, fill::step};
use crate::model::{Api, Field, GrantFields, Session, SessionCodes, TokenSession, Ty};
use crate::spec::toml::{At, Cx};

/// Checks the table against the family (its endpoints, their fields, its error codes).
/// `cx` is the family file's.
pub fn resolve(cx: Cx<'_>, raw: Raw, api: &Api) -> Option<Session> {
    let mut codes: Vec<Vec<String>> = Vec::new();
    for list in &raw.codes {
        let mut checked = Vec::new();
        for code in list {
            if api.errors.iter().any(|e| e.code == code.value) {
                checked.push(code.value.clone());
            } else {
                cx.diag.error_help(
                    cx.src,
                    code.span.clone(),
                    format!(
                        "error code {} is not in the family's error table",
                        code.value
                    ),
                    "session codes must be declared in `errors` (of the family or an endpoint)",
                );
            }
        }
        codes.push(checked);
    }
    let mut codes = codes.into_iter();
    let mut next = || codes.next().unwrap_or_default();
    let codes = SessionCodes {
        token_blank: next(),
        token_invalid: next(),
        token_expired: next(),
        wrong_credentials: next(),
        locked_out: next(),
    };
    let token = match raw.style {
        SessionStyle::Token => Some(token_session(cx, &raw, api)?),
        SessionStyle::HttpAuth => None,
    };
    Some(Session {
        style: raw.style,
        password: raw.password,
        token,
        codes,
    })
}

fn token_session(cx: Cx<'_>, raw: &Raw, api: &Api) -> Option<TokenSession> {
    for (value, key) in [
        (&raw.login, "login"),
        (&raw.logout, "logout"),
        (&raw.token, "token"),
    ] {
        if value.is_none() {
            cx.diag.error(
                cx.src,
                raw.span.clone(),
                format!("missing required key `{key}` in a `token` session"),
            );
        }
    }
    let login = endpoint(cx, raw.login.as_ref()?, api);
    let keep_alive = raw.keep_alive.as_ref().map(|k| endpoint(cx, k, api));
    let logout = endpoint(cx, raw.logout.as_ref()?, api);
    let (login, logout) = (login?, logout?);
    let keep_alive = match keep_alive {
        Some(found) => Some(found?),
        None => None,
    };
    if let (Some(r), None) = (&raw.refresh_expires_in, &raw.refresh_token) {
        cx.diag.error(
            cx.src,
            r.span.clone(),
            "`refresh_expires_in` needs `refresh_token`",
        );
    }
    let grant = grant_fields(cx, raw, &login.response, "login")?;
    let renews = raw.refresh_token.is_some();
    match (renews, keep_alive) {
        (true, None) => {
            let at = raw
                .refresh_token
                .as_ref()
                .map_or(raw.span.clone(), |r| r.span.clone());
            cx.diag.error(
                cx.src,
                at,
                "`refresh_token` needs a `keep_alive` endpoint that refreshes",
            );
            return None;
        }
        // A refresh answers with a new grant, in the same fields.
        (true, Some(k)) => {
            grant_fields(cx, raw, &k.response, "keep_alive")?;
        }
        _ => {}
    }
    if let (None, Some((name, _))) = (keep_alive, raw.keep_alive_params.first()) {
        cx.diag.error(
            cx.src,
            name.span.clone(),
            "`[session.keep_alive_params]` needs a `keep_alive` endpoint",
        );
        return None;
    }
    let login_step = step(
        cx,
        raw.login.as_ref(),
        "login",
        &raw.login_params,
        login,
        renews,
    );
    let keep_step = keep_alive.map(|k| {
        step(
            cx,
            raw.keep_alive.as_ref(),
            "keep_alive",
            &raw.keep_alive_params,
            k,
            renews,
        )
    });
    let logout_step = step(cx, raw.logout.as_ref(), "logout", &[], logout, renews);
    let keep_alive = match keep_step {
        Some(step) => Some(step?),
        None => None,
    };
    Some(TokenSession {
        login: login_step?,
        keep_alive,
        logout: logout_step?,
        grant,
        renews,
    })
}

/// The endpoint a session key names (`login`, `call/dial`).
fn endpoint<'a>(cx: Cx<'_>, name: &At<String>, api: &'a Api) -> Option<&'a crate::model::Endpoint> {
    let found = api
        .endpoints
        .iter()
        .find(|e| e.module_path.join("/") == name.value);
    if found.is_none() {
        let known: Vec<String> = api
            .endpoints
            .iter()
            .map(|e| e.module_path.join("/"))
            .collect();
        cx.diag.error_help(
            cx.src,
            name.span.clone(),
            format!("no endpoint `{}` in this family", name.value),
            format!(
                "endpoints are named by their file path without `.toml`: {}",
                known.join(", ")
            ),
        );
    }
    found
}

/// The grant's fields in `response`, checked for presence and type.
fn grant_fields(cx: Cx<'_>, raw: &Raw, response: &[Field], endpoint: &str) -> Option<GrantFields> {
    let mut ok = true;
    let mut field = |key: &Option<At<String>>, string: bool, must: bool| -> Option<String> {
        let key = key.as_ref()?;
        let Some(f) = response.iter().find(|f| f.wire == key.value) else {
            let known: Vec<&str> = response.iter().map(|f| f.wire.as_str()).collect();
            cx.diag.error_help(
                cx.src,
                key.span.clone(),
                format!(
                    "the `{endpoint}` endpoint's response has no field `{}`",
                    key.value
                ),
                format!("its fields: {}", known.join(", ")),
            );
            ok = false;
            return None;
        };
        let kind_ok = match f.ty {
            Ty::String(_) => string,
            Ty::Integer { .. } => !string,
            _ => false,
        };
        if !kind_ok || (must && !f.required) {
            let want = match (string, must) {
                (true, true) => "a required string",
                (true, false) => "a string",
                (false, _) => "an integer (seconds)",
            };
            cx.diag.error(
                cx.src,
                key.span.clone(),
                format!(
                    "response field `{}` of `{endpoint}` must be {want}",
                    key.value
                ),
            );
            ok = false;
        }
        Some(f.ident.clone())
    };
    let token = field(&raw.token, true, true);
    let expires_in = field(&raw.expires_in, false, false);
    let refresh_token = field(&raw.refresh_token, true, false);
    let refresh_expires_in = field(&raw.refresh_expires_in, false, false);
    (ok).then_some(())?;
    Some(GrantFields {
        token: token?,
        expires_in,
        refresh_token,
        refresh_expires_in,
    })
}
