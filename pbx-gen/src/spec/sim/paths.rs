//! Dotted paths into an endpoint's response fields (`list`, `total`, `[sim.fill]` keys): each
//! segment must name a field there, a number steps into a list's item.

use std::ops::Range;

use crate::model::{Field, Ty};
use crate::spec::toml::Cx;

pub(super) fn or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// The item fields of the list a dotted path ends at; a numeric segment steps into a list's
/// item.
pub(super) fn resolve(
    cx: Cx<'_>,
    fields: &[Field],
    path: &str,
    span: &Range<usize>,
) -> Option<Vec<Field>> {
    match walk(cx, fields, path, span)? {
        Ty::List { item, .. } => match *item {
            Ty::Object(o) => Some(o.fields),
            _ => Some(Vec::new()),
        },
        _ => {
            cx.diag.error(
                cx.src,
                span.clone(),
                format!("response field `{path}` is not a list"),
            );
            None
        }
    }
}

/// Reports a dotted path that names no field below `fields`.
pub(super) fn resolve_scalar(cx: Cx<'_>, fields: &[Field], path: &str, span: &Range<usize>) {
    if let Some(Ty::Object(_) | Ty::List { .. }) = walk(cx, fields, path, span) {
        cx.diag.error(
            cx.src,
            span.clone(),
            format!("response field `{path}` holds fields, not a value"),
        );
    }
}

/// The type a dotted path ends at; an error at `span` where a segment names nothing.
fn walk(cx: Cx<'_>, fields: &[Field], path: &str, span: &Range<usize>) -> Option<Ty> {
    let mut here: Vec<Field> = fields.to_vec();
    let mut ty: Option<Ty> = None;
    for segment in path.split('.') {
        if let Some(Ty::List { item, .. }) = &ty
            && segment.parse::<usize>().is_ok()
        {
            let item = (**item).clone();
            here = match &item {
                Ty::Object(o) => o.fields.clone(),
                _ => Vec::new(),
            };
            ty = Some(item);
            continue;
        }
        let Some(f) = here.iter().find(|f| f.wire == segment) else {
            let names: Vec<&str> = here.iter().map(|f| f.wire.as_str()).collect();
            cx.diag.error_help(
                cx.src,
                span.clone(),
                if path == segment {
                    format!("there is no response field `{path}`")
                } else {
                    format!("`{path}` names response field `{segment}`, which does not exist there")
                },
                format!("fields there: {}", or_none(&names)),
            );
            return None;
        };
        let found = f.ty.clone();
        here = match &found {
            Ty::Object(o) => o.fields.clone(),
            _ => Vec::new(),
        };
        ty = Some(found);
    }
    ty
}
