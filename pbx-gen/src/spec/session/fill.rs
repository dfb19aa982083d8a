//! How a session endpoint's parameters are filled: each named parameter exists and takes the
//! value named, and every required one is filled.

use super::SOURCES;
use crate::model::{Fill, FillSource, SessionStep, Ty};
use crate::spec::toml::{At, Cx};

/// How a session endpoint's parameters are filled: every required one must be.
pub(super) fn step(
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
