//! Reading an endpoint file (`specs/<family>/<group>/<name>.toml`).

use pbx_wire::{Effect, Envelope, Task};
use toml::de::DeValue;

use crate::model::{Api, Endpoint, ErrorDef, Field};
use crate::spec::family::{self, Defaults};
use crate::spec::field::{self, Side};
use crate::spec::toml::{Cx, Table};
use crate::spec::{example, failure, http, type_names};

const KEYS: &[&str] = &[
    "name",
    "summary",
    "doc",
    "method",
    "path",
    "url",
    "version",
    "rpc_method",
    "formats",
    "effect",
    "task",
    "unverified",
    "params",
    "response",
    "errors",
    "examples",
    "sim",
    "failure",
    "body",
    "download",
    "since",
    "pagination",
    "resource",
];

/// Reads an endpoint; new error codes it declares are added to `api.errors`.
pub fn parse(
    cx: Cx<'_>,
    root: &Table<'_, '_>,
    api: &mut Api,
    defaults: &Defaults,
    module_path: Vec<String>,
) -> Endpoint {
    let name = root.req_str("name").map(|n| n.value).unwrap_or_default();
    let summary = root.req_str("summary").map(|s| s.value).unwrap_or_default();
    let doc = root.str("doc").map(|d| d.value).unwrap_or_default();
    let method = root
        .str("method")
        .map_or_else(|| defaults.method.clone(), |m| family::check_method(cx, m));
    let url = resolve_url(cx, root, api);
    let rpc_method = root.str("rpc_method");
    match (api.envelope, &rpc_method) {
        (Envelope::Switchvox, None) => root.missing("rpc_method"),
        (Envelope::Status | Envelope::Errcode, Some(m)) => cx.diag.error(
            cx.src,
            m.span.clone(),
            "`rpc_method` applies only to families whose envelope names a method",
        ),
        _ => {}
    }
    let formats = match root.str_array("formats") {
        Some(list) => family::parse_formats(cx, &list, Some(&api.formats)),
        None => api.formats.clone(),
    };
    let effect = match root.req_str("effect") {
        None => Effect::Write,
        Some(e) => match e.value.as_str() {
            "read" => Effect::Read,
            "call" => Effect::Call,
            "write" => Effect::Write,
            "session" => Effect::Session,
            other => {
                cx.diag.error_help(
                    cx.src,
                    e.span,
                    format!("unknown effect `{other}`"),
                    "expected `read` (safe to repeat), `call` (places, transfers or ends a call), `write` (changes configuration) or `session`",
                );
                Effect::Write
            }
        },
    };
    let task = task(cx, root, effect);
    let unverified = root.str("unverified").map(|u| u.value);
    let mut params = fields(root, "params", "the parameters", Side::Request, api);
    if method == "GET" {
        for p in &mut params {
            p.query = true;
        }
    }
    let bodiless = http::body(cx, root, &method, &params);
    let response = fields(root, "response", "the response", Side::Response, api);
    if api.envelope == Envelope::Status {
        for f in response
            .iter()
            .filter(|f| f.wire == "status" || f.wire == "errno")
        {
            cx.diag.error(
                cx.src,
                f.span.clone(),
                format!(
                    "response field `{}` is part of the status envelope; remove it",
                    f.wire
                ),
            );
        }
    }
    let download = http::download(cx, root, &response);
    let since = http::since(cx, root, api);
    let pagination = http::pagination(root, &params, &response);
    let resource = http::resource(root, &response);
    // `Builder` is the endpoint's generated client method builder.
    let all = params.iter().chain(response.iter());
    type_names::check(cx, "endpoint", &["Request", "Response", "Builder"], all);
    let errors = endpoint_errors(cx, root, &mut api.errors);
    check_param_errors(cx, &params, &errors, &api.errors);
    let sim = crate::spec::sim::parse(cx, root, &params, &response, &errors, &api.errors);
    let mut endpoint = Endpoint {
        module_path,
        file: cx.src.display.clone(),
        name,
        summary,
        doc,
        method,
        url,
        rpc_method: rpc_method.map(|m| m.value),
        formats,
        effect,
        params,
        response,
        errors,
        examples: Vec::new(),
        task,
        unverified,
        sim,
        failure: failure::parse(root, api),
        bodiless,
        download,
        since,
        pagination,
        resource,
    };
    endpoint.examples = example::read(cx, root, api, &endpoint);
    root.finish(KEYS);
    endpoint
}

/// `task`: what a user does with the endpoint; without it, what its `effect` suggests.
fn task(cx: Cx<'_>, root: &Table<'_, '_>, effect: Effect) -> Task {
    let Some(t) = root.str("task") else {
        return match effect {
            Effect::Read => Task::Observe,
            Effect::Call => Task::Control,
            Effect::Write => Task::Configure,
            Effect::Session => Task::Session,
        };
    };
    match Task::ALL.iter().find(|k| k.as_str() == t.value) {
        Some(k) => *k,
        None => {
            cx.diag.error_help(
                cx.src,
                t.span,
                format!("unknown task `{}`", t.value),
                "expected `place`, `control`, `observe`, `records`, `configure` or `session`",
            );
            Task::Configure
        }
    }
}

fn fields(root: &Table<'_, '_>, key: &str, what: &str, side: Side, api: &Api) -> Vec<Field> {
    match root.table(key, what) {
        Some(t) => {
            let fields = field::fields(&t, side, api.json_scalars);
            t.finish(&[]);
            fields
        }
        None => Vec::new(),
    }
}

fn resolve_url(cx: Cx<'_>, root: &Table<'_, '_>, api: &Api) -> String {
    // A family of several versions keeps `{version}` until the client's version fills it.
    let version = root.str("version").map_or_else(
        || {
            if api.versions.is_empty() {
                api.version.clone()
            } else {
                "{version}".to_owned()
            }
        },
        |v| v.value,
    );
    let (template, template_ok) = match root.str("url") {
        Some(url) => {
            let ok = family::check_template(cx, &url, false);
            (url.value, ok)
        }
        None => (api.url.clone(), true),
    };
    let path = root.str("path");
    let uses_path = template.contains("{path}");
    let path_text = match (&path, uses_path) {
        (Some(p), true) => {
            if p.value.is_empty()
                || p.value.contains(['{', '}', '?', '#', ' ', '\t'])
                || p.value.starts_with('/')
            {
                cx.diag.error_help(
                    cx.src,
                    p.span.clone(),
                    format!("bad path `{}`", p.value),
                    "a path is the part after the family's base, such as `extension/dial_outbound`: no placeholders, query, spaces or leading `/`",
                );
            }
            p.value.clone()
        }
        (None, true) if template_ok => {
            root.missing("path");
            String::new()
        }
        (Some(p), false) => {
            cx.diag.error(
                cx.src,
                p.span.clone(),
                "the URL template has no `{path}` placeholder, so `path` is never used",
            );
            String::new()
        }
        _ => String::new(),
    };
    template
        .replace("{version}", &version)
        .replace("{path}", &path_text)
}

/// Every `error = ..` of a parameter names a code the endpoint lists or the family declares.
fn check_param_errors(cx: Cx<'_>, params: &[Field], listed: &[String], family: &[ErrorDef]) {
    for f in params {
        let Some(e) = &f.error else { continue };
        if !listed.contains(&e.code) && !family.iter().any(|d| d.code == e.code) {
            cx.diag.error_help(
                cx.src,
                e.span.clone(),
                format!(
                    "error code {} of parameter `{}` is neither in this endpoint's `errors` nor in the family's",
                    e.code, f.wire
                ),
                "list the code in the endpoint's `errors` (or the family's), or fix the number",
            );
        }
    }
}

fn endpoint_errors(cx: Cx<'_>, root: &Table<'_, '_>, table: &mut Vec<ErrorDef>) -> Vec<String> {
    let mut codes = Vec::new();
    let Some((array, _)) = root.array("errors") else {
        return codes;
    };
    for item in array.iter() {
        match item.get_ref() {
            DeValue::Table(t) => {
                let t = Table::new(cx, t, item.span(), "an error code");
                if let Some(def) = family::error_def(&t) {
                    codes.push(def.code.clone());
                    family::add_error(cx, table, def, item.span());
                }
            }
            other => {
                let Some(code) = family::code_value(cx, other, item.span()) else {
                    continue;
                };
                if !table.iter().any(|e| e.code == code) {
                    cx.diag.error_help(
                        cx.src,
                        item.span(),
                        format!("error code {code} is not declared in the family file"),
                        "declare it in the family's `errors`, or here as `{ code = .., name = \"..\", message = \"..\" }`",
                    );
                    continue;
                }
                codes.push(code);
            }
        }
    }
    codes
}
