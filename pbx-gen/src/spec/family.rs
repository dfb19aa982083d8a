//! Reading a family file (`specs/<family>/family.toml`): what every endpoint of one API
//! shares.

use pbx_wire::write::JsonScalar;
use pbx_wire::{Envelope, Format};
use toml::de::DeValue;

use crate::model::{Api, ErrorDef};
use crate::names;
use crate::spec::field::parse_json_scalar;
use crate::spec::toml::{At, Cx, Table, as_int};

const KEYS: &[&str] = &[
    "name",
    "doc",
    "version",
    "versions",
    "url",
    "method",
    "formats",
    "envelope",
    "json_scalars",
    "json_content_type",
    "xml_content_type",
    "xml_declaration",
    "errors",
    "user_agent",
    "session",
    "events",
];

/// The URL placeholders a spec may use.
pub const PLACEHOLDERS: &[&str] = &["version", "path", "token", "format"];

/// What endpoints inherit from their family.
#[derive(Debug)]
pub struct Defaults {
    /// HTTP method.
    pub method: String,
    /// The `[session]` table as written, checked once the endpoints are read.
    pub session: Option<crate::spec::session::Raw>,
    /// The `[events]` table as written, resolved once the event files are read.
    pub events: Option<crate::spec::event::Framing>,
}

/// Reads the family file into an [`Api`] without endpoints.
pub fn parse(cx: Cx<'_>, root: &Table<'_, '_>, module: String) -> (Api, Defaults) {
    let name = root.req_str("name").map(|n| n.value).unwrap_or_default();
    let doc = root.str("doc").map(|d| d.value).unwrap_or_default();
    let version = root
        .req_str("version")
        .map(|v| check_version(cx, v))
        .unwrap_or_default();
    let versions = versions(cx, root, &version);
    let url = match root.req_str("url") {
        Some(url) => {
            check_template(cx, &url, false);
            url.value
        }
        None => String::new(),
    };
    let method = match root.str("method") {
        Some(m) => check_method(cx, m),
        None => "POST".to_owned(),
    };
    let formats = match root.str_array("formats") {
        Some(list) => parse_formats(cx, &list, None),
        None => {
            root.missing("formats");
            vec![Format::Json]
        }
    };
    let envelope = match root.req_str("envelope") {
        None => Envelope::Status,
        Some(e) => match e.value.as_str() {
            "status" => Envelope::Status,
            "switchvox" => Envelope::Switchvox,
            "errcode" => Envelope::Errcode,
            other => {
                cx.diag.error_help(
                    cx.src,
                    e.span,
                    format!("unknown envelope `{other}`"),
                    "expected `status` (OpenVox, Yeastar S-Series and API 2.0), `switchvox` or `errcode` (Yeastar P-Series)",
                );
                Envelope::Status
            }
        },
    };
    let json_scalars = root
        .str("json_scalars")
        .and_then(|j| parse_json_scalar(cx, &j))
        .unwrap_or(JsonScalar::String);
    let json_content_type = root
        .str("json_content_type")
        .map_or_else(|| "application/json; charset=utf-8".to_owned(), |c| c.value);
    let xml_content_type = root
        .str("xml_content_type")
        .map_or_else(|| "application/xml; charset=utf-8".to_owned(), |c| c.value);
    let xml_declaration = root.str("xml_declaration").map(|d| {
        let ok = d.value.starts_with("<?xml ")
            && d.value.ends_with("?>")
            && !d.value[2..d.value.len() - 2].contains(['<', '>', '?']);
        if !ok {
            cx.diag.error(
                cx.src,
                d.span.clone(),
                "`xml_declaration` must be one `<?xml ... ?>` declaration",
            );
        }
        d.value
    });
    let user_agent = root.str("user_agent").map(|u| {
        if u.value.is_empty() || u.value.chars().any(|c| c.is_control()) {
            cx.diag.error(
                cx.src,
                u.span.clone(),
                "`user_agent` must be a non-empty header value",
            );
        }
        u.value
    });
    let mut errors = Vec::new();
    if let Some((array, _)) = root.array("errors") {
        for item in array.iter() {
            match item.get_ref() {
                DeValue::Table(t) => {
                    let t = Table::new(cx, t, item.span(), "an error code");
                    if let Some(def) = error_def(&t) {
                        add_error(cx, &mut errors, def, item.span());
                    }
                }
                _ => cx.diag.error(
                    cx.src,
                    item.span(),
                    "each error is `{ code = 10004, name = \"ParameterBlank\", message = \"...\" }`",
                ),
            }
        }
    }
    let session = crate::spec::session::read(root);
    let events = crate::spec::event::framing(root);
    root.finish(KEYS);
    (
        Api {
            module,
            file: cx.src.display.clone(),
            name,
            doc,
            version,
            versions,
            url,
            formats,
            envelope,
            json_scalars,
            json_content_type,
            xml_content_type,
            xml_declaration,
            user_agent,
            errors,
            endpoints: Vec::new(),
            session: None,
            events: None,
        },
        Defaults {
            method,
            session,
            events,
        },
    )
}

/// Reads `{ code, name, message }`.
pub fn error_def(t: &Table<'_, '_>) -> Option<ErrorDef> {
    let cx = t.cx();
    let code = error_code(t);
    let variant = t.req_str("name");
    let message = t.req_str("message");
    t.finish(&["code", "name", "message"]);
    let variant = variant?;
    if !names::is_camel_ident(&variant.value) {
        cx.diag.error(
            cx.src,
            variant.span,
            format!(
                "error name `{}` is not an UpperCamelCase Rust identifier",
                variant.value
            ),
        );
        return None;
    }
    if variant.value == "Unknown" {
        cx.diag.error(
            cx.src,
            variant.span,
            "`Unknown` is reserved for codes the spec does not list",
        );
        return None;
    }
    Some(ErrorDef {
        code: code?,
        variant: variant.value,
        message: message?.value,
    })
}

/// An error code: an integer, or a string of digits (with an optional leading `-`).
pub fn error_code(t: &Table<'_, '_>) -> Option<String> {
    let cx = t.cx();
    let Some(v) = t.get("code") else {
        t.missing("code");
        return None;
    };
    code_value(cx, v.get_ref(), v.span())
}

/// Reads an error code value.
pub fn code_value(cx: Cx<'_>, v: &DeValue<'_>, span: std::ops::Range<usize>) -> Option<String> {
    let text = match v {
        DeValue::String(s) => s.to_string(),
        other => match as_int(other) {
            Some(Ok(n)) => return Some(n.to_string()),
            _ => String::new(),
        },
    };
    let digits = text.strip_prefix('-').unwrap_or(&text);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        Some(text)
    } else {
        cx.diag.error_help(
            cx.src,
            span,
            format!("error code `{}` is not numeric", text.trim()),
            "vendor error codes are numbers, such as `10004`",
        );
        None
    }
}

/// Adds a definition to a family's table; the same code twice must mean the same variant.
pub fn add_error(
    cx: Cx<'_>,
    errors: &mut Vec<ErrorDef>,
    def: ErrorDef,
    span: std::ops::Range<usize>,
) {
    if let Some(existing) = errors.iter().find(|e| e.code == def.code) {
        if existing.variant != def.variant {
            cx.diag.error(
                cx.src,
                span,
                format!(
                    "error code {} is already declared as `{}`",
                    def.code, existing.variant
                ),
            );
        }
        return;
    }
    if let Some(existing) = errors.iter().find(|e| e.variant == def.variant) {
        cx.diag.error(
            cx.src,
            span,
            format!(
                "error name `{}` is already used for code {}",
                def.variant, existing.code
            ),
        );
        return;
    }
    errors.push(def);
}

/// `versions`: every API version the family's PBXes run; `version`, the default, must be one
/// of them, and the URL must place `{version}`.
fn versions(cx: Cx<'_>, root: &Table<'_, '_>, default: &str) -> Vec<String> {
    let Some(list) = root.str_array("versions") else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for v in &list {
        if out.contains(&v.value) {
            cx.diag.error(
                cx.src,
                v.span.clone(),
                format!("version `{}` is listed twice", v.value),
            );
            continue;
        }
        out.push(check_version(cx, v.clone()));
    }
    if let Some((_, span)) = root.array("versions") {
        if out.is_empty() {
            cx.diag
                .error(cx.src, span.clone(), "`versions` lists no version");
        } else if !default.is_empty() && !out.iter().any(|v| v == default) {
            cx.diag.error_help(
                cx.src,
                span.clone(),
                format!("`version` `{default}` is not one of `versions`"),
                "list the default version in `versions`",
            );
        }
        if root
            .str("url")
            .is_some_and(|u| !u.value.contains("{version}"))
        {
            cx.diag.error(
                cx.src,
                span,
                "the URL template has no `{version}` placeholder, so `versions` is never used",
            );
        }
    }
    out
}

/// A version goes into URLs: letters, digits, `.`, `-` and `_` only.
pub fn check_version(cx: Cx<'_>, v: At<String>) -> String {
    if v.value.is_empty()
        || !v
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        cx.diag.error(
            cx.src,
            v.span.clone(),
            format!(
                "version `{}` may hold only letters, digits, `.`, `-` and `_`",
                v.value
            ),
        );
    }
    v.value
}

/// Checks `GET`/`POST`/...
pub fn check_method(cx: Cx<'_>, m: At<String>) -> String {
    if !matches!(
        m.value.as_str(),
        "GET" | "POST" | "PUT" | "DELETE" | "PATCH"
    ) {
        cx.diag
            .error(cx.src, m.span, format!("unknown HTTP method `{}`", m.value));
    }
    m.value
}

/// Reads a list of format names, checking each against `offered` when given.
pub fn parse_formats(cx: Cx<'_>, list: &[At<String>], offered: Option<&[Format]>) -> Vec<Format> {
    let mut out = Vec::new();
    for f in list {
        match f.value.parse::<Format>() {
            Ok(format) => {
                if let Some(offered) = offered
                    && !offered.contains(&format)
                {
                    cx.diag.error(
                        cx.src,
                        f.span.clone(),
                        format!("the family does not offer the `{format}` format"),
                    );
                } else if out.contains(&format) {
                    cx.diag.error(
                        cx.src,
                        f.span.clone(),
                        format!("`{format}` is listed twice"),
                    );
                } else {
                    out.push(format);
                }
            }
            Err(_) => cx.diag.error_help(
                cx.src,
                f.span.clone(),
                format!("unknown format `{}`", f.value),
                "expected `json` or `xml`",
            ),
        }
    }
    if out.is_empty() && list.is_empty() {
        cx.diag.error(cx.src, 0..0, "`formats` is empty");
    }
    out
}

/// The span of `needle` inside a string value's source text (quotes and escapes included), or
/// the whole value when the source spells it differently.
fn locate_in(cx: Cx<'_>, url: &At<String>, raw: &str, needle: &str) -> std::ops::Range<usize> {
    let _ = cx;
    match raw.find(needle) {
        Some(i) => url.span.start + i..url.span.start + i + needle.len(),
        None => url.span.clone(),
    }
}

/// Checks the placeholders of a URL template. `resolved` templates may hold only `{token}` and
/// `{format}`.
pub fn check_template(cx: Cx<'_>, url: &At<String>, resolved: bool) -> bool {
    let allowed: &[&str] = if resolved {
        &["token", "format"]
    } else {
        PLACEHOLDERS
    };
    let mut ok = true;
    let text = &url.value;
    let raw = cx.src.text.get(url.span.clone()).unwrap_or("");
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            let at = locate_in(cx, url, raw, "}");
            cx.diag
                .error(cx.src, at, format!("unmatched `}}` in `{text}`"));
            return false;
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            let at = locate_in(cx, url, raw, "{");
            cx.diag
                .error(cx.src, at, format!("unclosed `{{` in `{text}`"));
            return false;
        };
        let name = &after[..close];
        if !allowed.contains(&name) {
            let placeholder = format!("{{{name}}}");
            let list: Vec<String> = allowed.iter().map(|p| format!("{{{p}}}")).collect();
            cx.diag.error_help(
                cx.src,
                locate_in(cx, url, raw, &placeholder),
                format!("unknown placeholder `{placeholder}` in the URL"),
                format!("placeholders are {}", list.join(", ")),
            );
            ok = false;
        }
        rest = &after[close + 1..];
    }
    ok
}
