//! The `[session]` table of a family file: how the family authenticates. It is read with the
//! family file ([`read`]) and checked once the endpoints are parsed ([`resolve`]), since it
//! names endpoints, their parameters and response fields, and the family's error codes.

use std::ops::Range;

use pbx_wire::session::{PasswordForm, SessionStyle};
use toml::de::DeValue;

use crate::model::{
    Api, Field, Fill, FillSource, GrantFields, Session, SessionCodes, SessionStep, TokenSession, Ty,
};
use crate::spec::family::code_value;
use crate::spec::toml::{At, Cx, Table};

const KEYS: &[&str] = &[
    "style",
    "password",
    "login",
    "keep_alive",
    "logout",
    "token",
    "expires_in",
    "refresh_token",
    "refresh_expires_in",
    "login_params",
    "keep_alive_params",
    "errors",
];

const CODE_KEYS: &[&str] = &[
    "token_blank",
    "token_invalid",
    "token_expired",
    "wrong_credentials",
    "locked_out",
];

const SOURCES: &str = "`user`, `password`, `report_ip`, `report_port`, `refresh_token`";

/// The table as written, every value with its span, before it is checked against the family.
#[derive(Debug)]
pub struct Raw {
    span: Range<usize>,
    style: SessionStyle,
    password: PasswordForm,
    login: Option<At<String>>,
    keep_alive: Option<At<String>>,
    logout: Option<At<String>>,
    token: Option<At<String>>,
    expires_in: Option<At<String>>,
    refresh_token: Option<At<String>>,
    refresh_expires_in: Option<At<String>>,
    login_params: Vec<(At<String>, At<String>)>,
    keep_alive_params: Vec<(At<String>, At<String>)>,
    /// `(key, codes)` in [`CODE_KEYS`] order, codes with their spans.
    codes: Vec<Vec<At<String>>>,
}

/// Reads `[session]` from the family file's root, if present.
pub fn read(root: &Table<'_, '_>) -> Option<Raw> {
    let t = root.table("session", "the `[session]` table")?;
    let cx = t.cx();
    let style = match t.req_str("style") {
        Some(s) => match s.value.as_str() {
            "token" => SessionStyle::Token,
            "http_auth" => SessionStyle::HttpAuth,
            other => {
                cx.diag.error_help(
                    cx.src,
                    s.span,
                    format!("unknown session style `{other}`"),
                    "expected `token` (login, keep-alive, logout; token in the query) or `http_auth` (Basic or Digest on every request)",
                );
                SessionStyle::Token
            }
        },
        None => SessionStyle::Token,
    };
    let password = match t.str("password") {
        None => PasswordForm::Plain,
        Some(p) => match p.value.as_str() {
            "md5" => PasswordForm::Md5Hex,
            "plain" => PasswordForm::Plain,
            other => {
                cx.diag.error_help(
                    cx.src,
                    p.span,
                    format!("unknown password form `{other}`"),
                    "expected `md5` (32 lowercase hex digits) or `plain`",
                );
                PasswordForm::Plain
            }
        },
    };
    let token_style = style == SessionStyle::Token;
    let opt = |key: &str| if token_style { t.str(key) } else { None };
    let raw = Raw {
        span: t.span.clone(),
        style,
        password,
        login: opt("login"),
        keep_alive: opt("keep_alive"),
        logout: opt("logout"),
        token: opt("token"),
        expires_in: opt("expires_in"),
        refresh_token: opt("refresh_token"),
        refresh_expires_in: opt("refresh_expires_in"),
        login_params: if token_style {
            params(&t, "login_params")
        } else {
            Vec::new()
        },
        keep_alive_params: if token_style {
            params(&t, "keep_alive_params")
        } else {
            Vec::new()
        },
        codes: codes(&t),
    };
    t.finish(KEYS);
    Some(raw)
}

/// `[session.<key>]`: parameter name → what fills it.
fn params(t: &Table<'_, '_>, key: &str) -> Vec<(At<String>, At<String>)> {
    let Some(table) = t.table(key, format!("`[session.{key}]`")) else {
        return Vec::new();
    };
    let cx = t.cx();
    let mut out = Vec::new();
    for (name, value) in table.entries() {
        match value.get_ref() {
            DeValue::String(s) => out.push((
                name,
                At {
                    value: s.to_string(),
                    span: value.span(),
                },
            )),
            _ => cx.diag.error_help(
                cx.src,
                value.span(),
                format!("`{}` in `[session.{key}]` must be a string", name.value),
                format!("what fills the parameter: one of {SOURCES}"),
            ),
        }
    }
    out
}

/// `[session.errors]`: each key a code or a list of codes.
fn codes(t: &Table<'_, '_>) -> Vec<Vec<At<String>>> {
    let mut out = vec![Vec::new(); CODE_KEYS.len()];
    let Some(table) = t.table("errors", "`[session.errors]`") else {
        return out;
    };
    let cx = t.cx();
    for (slot, key) in out.iter_mut().zip(CODE_KEYS) {
        let Some(v) = table.get(key) else { continue };
        let items: Vec<(&DeValue<'_>, Range<usize>)> = match v.get_ref() {
            DeValue::Array(a) => a.iter().map(|i| (i.get_ref(), i.span())).collect(),
            other => vec![(other, v.span())],
        };
        for (item, span) in items {
            if let Some(code) = code_value(cx, item, span.clone()) {
                slot.push(At { value: code, span });
            }
        }
    }
    table.finish(CODE_KEYS);
    out
}

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

/// How a session endpoint's parameters are filled: every required one must be.
fn step(
    cx: Cx<'_>,
    named: Option<&At<String>>,
    which: &str,
    fills: &[(At<String>, At<String>)],
    endpoint: &crate::model::Endpoint,
    refresh: bool,
) -> Option<SessionStep> {
    let mut ok = true;
    let mut out: Vec<Fill> = Vec::new();
    for (name, source) in fills {
        let Some(param) = endpoint.params.iter().find(|p| p.wire == name.value) else {
            let known: Vec<&str> = endpoint.params.iter().map(|p| p.wire.as_str()).collect();
            cx.diag.error_help(
                cx.src,
                name.span.clone(),
                format!("the `{which}` endpoint has no parameter `{}`", name.value),
                format!("its parameters: {}", known.join(", ")),
            );
            ok = false;
            continue;
        };
        let Some(source_kind) = fill_source(cx, source, which, refresh) else {
            ok = false;
            continue;
        };
        let integer = matches!(param.ty, Ty::Integer { .. });
        let type_ok =
            matches!(param.ty, Ty::String(_)) || (integer && source_kind == FillSource::ReportPort);
        if !type_ok {
            cx.diag.error(
                cx.src,
                source.span.clone(),
                format!(
                    "parameter `{}` of `{which}` cannot take `{}`: only string parameters (and integer ones for `report_port`) are filled",
                    name.value, source.value
                ),
            );
            ok = false;
            continue;
        }
        out.push(Fill {
            ident: param.ident.clone(),
            required: param.required,
            integer,
            source: source_kind,
        });
    }
    for p in endpoint.params.iter().filter(|p| p.required) {
        if !fills.iter().any(|(n, _)| n.value == p.wire) {
            let help = if which == "logout" {
                "the logout endpoint is sent without parameters".to_owned()
            } else {
                format!(
                    "add `{} = ...` to `[session.{which}_params]`: one of {SOURCES}",
                    p.wire
                )
            };
            cx.diag.error_help(
                cx.src,
                named.map_or(0..0, |n| n.span.clone()),
                format!(
                    "required parameter `{}` of the `{which}` endpoint is not filled",
                    p.wire
                ),
                help,
            );
            ok = false;
        }
    }
    // Constructor arguments in the order `Request::new` takes them, then setters.
    let order = |f: &Fill| endpoint.params.iter().position(|p| p.ident == f.ident);
    out.sort_by_key(|f| (!f.required, order(f)));
    ok.then(|| SessionStep {
        module_path: endpoint.module_path.clone(),
        fills: out,
    })
}

fn fill_source(cx: Cx<'_>, source: &At<String>, which: &str, refresh: bool) -> Option<FillSource> {
    let kind = match source.value.as_str() {
        "user" => FillSource::User,
        "password" => FillSource::Password,
        "report_ip" => FillSource::ReportIp,
        "report_port" => FillSource::ReportPort,
        "refresh_token" => FillSource::RefreshToken,
        other => {
            cx.diag.error_help(
                cx.src,
                source.span.clone(),
                format!("unknown session value `{other}`"),
                format!("expected one of {SOURCES}"),
            );
            return None;
        }
    };
    let misplaced = match kind {
        FillSource::User | FillSource::Password => which != "login",
        FillSource::RefreshToken => which != "keep_alive" || !refresh,
        _ => false,
    };
    if misplaced {
        let help = match kind {
            FillSource::RefreshToken => {
                "`refresh_token` fills a keep-alive parameter, and needs `refresh_token` naming the login's response field"
            }
            _ => "the user and password are sent by the login only",
        };
        cx.diag.error_help(
            cx.src,
            source.span.clone(),
            format!("`{}` cannot fill a parameter of `{which}`", source.value),
            help,
        );
        return None;
    }
    Some(kind)
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::model::{FillSource, Session};
    use crate::spec::family_from_text;

    const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");

    fn session(family: &str, files: &[&str]) -> Session {
        let read = |f: &str| std::fs::read_to_string(format!("{SPECS}/{family}/{f}.toml"));
        let family_text = read("family").expect("family.toml");
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|f| ((*f).to_owned(), read(f).expect("endpoint file")))
            .collect();
        let endpoints: Vec<(&str, &str)> = texts
            .iter()
            .map(|(m, t)| (m.as_str(), t.as_str()))
            .collect();
        let diag = Diagnostics::default();
        let api = family_from_text(&family_text, &endpoints, &diag).expect("family");
        let errors: Vec<String> = diag.take().iter().map(|e| e.render()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        api.session.expect("a [session] table")
    }

    #[test]
    fn yeastar_s_heartbeat_session() {
        let s = session("yeastar_s", &["login", "heartbeat", "logout"]);
        let t = s.token.expect("token session");
        let login: Vec<FillSource> = t.login.fills.iter().map(|f| f.source).collect();
        assert_eq!(
            login,
            [
                FillSource::User,
                FillSource::Password,
                FillSource::ReportPort
            ]
        );
        let keep = t.keep_alive.expect("heartbeat");
        assert_eq!(keep.module_path, ["heartbeat"]);
        assert!(!t.renews);
        assert_eq!(s.codes.wrong_credentials, ["20003"]);
    }

    #[test]
    fn yeastar_v2_optional_port_is_a_setter() {
        let s = session("yeastar_v2", &["login", "heartbeat", "logout"]);
        let t = s.token.expect("token session");
        let port = t.login.fills.last().expect("fills");
        assert_eq!(
            (port.source, port.required),
            (FillSource::ReportPort, false)
        );
    }

    #[test]
    fn yeastar_p_refresh_session() {
        let s = session("yeastar_p", &["get_token", "refresh_token", "del_token"]);
        let t = s.token.expect("token session");
        assert!(t.renews);
        assert_eq!(t.grant.token, "access_token");
        assert_eq!(
            t.grant.refresh_expires_in.as_deref(),
            Some("refresh_token_expire_time")
        );
        let keep = t.keep_alive.expect("refresh");
        assert_eq!(keep.fills[0].source, FillSource::RefreshToken);
        assert_eq!(s.codes.locked_out, ["70004"]);
    }

    #[test]
    fn openvox_lists_both_login_failures() {
        let s = session("openvox", &["login", "heartbeat", "logout"]);
        assert_eq!(s.codes.wrong_credentials, ["30003", "20003"]);
        assert_eq!(s.codes.token_blank, ["20005"]);
    }
}
