//! The `[session]` table of a family file: how the family authenticates. It is read with the
//! family file ([`read`]) and checked once the endpoints are parsed ([`resolve`], in
//! `check.rs`), since it names endpoints, their parameters and response fields, and the
//! family's error codes.

use std::ops::Range;

use pbx_wire::session::{PasswordForm, SessionStyle};
use toml::de::DeValue;

mod check;
mod fill;
#[cfg(test)]
mod tests;

pub use check::resolve;

use crate::spec::family::code_value;
use crate::spec::toml::{At, Table};

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
