//! An endpoint's keys about its HTTP exchange beyond a parameter body: `body = "none"`,
//! `download`, `since`, `[pagination]` and `[resource]`.

use pbx_wire::Download;

use crate::model::{Api, Field, Pagination, Resource, Ty};
use crate::spec::toml::{At, Cx, Table};

/// `body`: `"none"` for a request sent bare (no body, no `Content-Type`), allowed only without
/// body parameters; `"envelope"` (the default) otherwise.
pub fn body(cx: Cx<'_>, root: &Table<'_, '_>, method: &str, params: &[Field]) -> bool {
    let Some(b) = root.str("body") else {
        return false;
    };
    match b.value.as_str() {
        "envelope" => false,
        "none" => {
            if let Some(p) = params.iter().find(|p| !p.query && method != "GET") {
                cx.diag.error_help(
                    cx.src,
                    p.span.clone(),
                    format!(
                        "parameter `{}` travels in the body, but the endpoint has `body = \"none\"`",
                        p.wire
                    ),
                    "set `in = \"query\"` on the parameter, or remove `body = \"none\"`",
                );
            }
            true
        }
        other => {
            cx.diag.error_help(
                cx.src,
                b.span,
                format!("unknown body `{other}`"),
                "expected `none` (a bare request) or `envelope` (the default)",
            );
            false
        }
    }
}

/// `download`: a success answer is the file itself; such an endpoint declares no `[response]`.
pub fn download(cx: Cx<'_>, root: &Table<'_, '_>, response: &[Field]) -> Option<Download> {
    let kind = download_kind(cx, &root.str("download")?)?;
    if let Some(f) = response.first() {
        cx.diag.error_help(
            cx.src,
            f.span.clone(),
            "a download endpoint's answer is the file itself, so it has no `[response]` fields",
            "remove the `[response]` tables, or the `download` key",
        );
    }
    Some(kind)
}

/// `since`: the version that added the endpoint, one of the family's `versions`.
pub fn since(cx: Cx<'_>, root: &Table<'_, '_>, api: &Api) -> Option<String> {
    let s = root.str("since")?;
    if !api.versions.contains(&s.value) {
        let help = if api.versions.is_empty() {
            "the family lists no `versions`; declare them in family.toml".to_owned()
        } else {
            format!("the family's versions are {}", api.versions.join(", "))
        };
        cx.diag.error_help(
            cx.src,
            s.span,
            format!(
                "`since` names version `{}`, which the family does not list",
                s.value
            ),
            help,
        );
        return None;
    }
    Some(s.value)
}

/// `[pagination]`: `page` and `page_size` name integer parameters, `total` an integer response
/// field and `items` a response list.
pub fn pagination(
    root: &Table<'_, '_>,
    params: &[Field],
    response: &[Field],
) -> Option<Pagination> {
    let t = root.table("pagination", "`[pagination]`")?;
    let page = t.req_str("page");
    let page_size = t.req_str("page_size");
    let total = t.req_str("total");
    let items = t.req_str("items");
    t.finish(&["page", "page_size", "total", "items"]);
    let integer = |name: &At<String>, fields: &[Field], what: &str| {
        let is_integer = |f: &Field| matches!(f.ty, Ty::Integer { .. });
        named_field(root, fields, name, what, "an integer", is_integer)
            .map(|f| (f.wire.clone(), f.ident.clone(), f.required))
    };
    let page = integer(&page?, params, "parameter");
    let page_size = integer(&page_size?, params, "parameter");
    let total = integer(&total?, response, "response field");
    let is_list = |f: &Field| matches!(f.ty, Ty::List { .. });
    let list = named_field(root, response, &items?, "response field", "a list", is_list)
        .map(|f| (f.wire.clone(), f.ident.clone()));
    Some(Pagination {
        page: page?,
        page_size: page_size?,
        total: total?,
        items: list?,
    })
}

/// A `download` value: `audio`, `csv` or `bytes`.
fn download_kind(cx: Cx<'_>, d: &At<String>) -> Option<Download> {
    match d.value.as_str() {
        "audio" => Some(Download::Audio),
        "csv" => Some(Download::Csv),
        "bytes" => Some(Download::Bytes),
        other => {
            cx.diag.error_help(
                cx.src,
                d.span.clone(),
                format!("unknown download `{other}`"),
                "expected `audio`, `csv` or `bytes`",
            );
            None
        }
    }
}

/// `[resource]`: `field` names a required string response field holding the path of a file
/// (the P-Series `download_resource_url`), `download` what the file is.
pub fn resource(root: &Table<'_, '_>, response: &[Field]) -> Option<Resource> {
    let cx = root.cx();
    let t = root.table("resource", "`[resource]`")?;
    let field = t.req_str("field");
    let download = t.req_str("download");
    t.finish(&["field", "download"]);
    let download = download_kind(cx, &download?);
    // A resource is fetched by the path the field holds.
    let is_path = |f: &Field| matches!(f.ty, Ty::String(_)) && f.required;
    let named = named_field(
        root,
        response,
        &field?,
        "response field",
        "a required string",
        is_path,
    )?;
    Some(Resource {
        field: named.ident.clone(),
        wire: named.wire.clone(),
        download: download?,
    })
}

/// The field of `fields` that `name` names, if `ok` takes it; else a spec error at `name`
/// (there is no such `what`, or it must be `must`).
fn named_field<'f>(
    root: &Table<'_, '_>,
    fields: &'f [Field],
    name: &At<String>,
    what: &str,
    must: &str,
    ok: impl Fn(&Field) -> bool,
) -> Option<&'f Field> {
    let cx = root.cx();
    match fields.iter().find(|f| f.wire == name.value) {
        Some(f) if ok(f) => Some(f),
        Some(_) => {
            cx.diag.error(
                cx.src,
                name.span.clone(),
                format!("{what} `{}` must be {must}", name.value),
            );
            None
        }
        None => {
            cx.diag.error(
                cx.src,
                name.span.clone(),
                format!("the endpoint has no {what} `{}`", name.value),
            );
            None
        }
    }
}
