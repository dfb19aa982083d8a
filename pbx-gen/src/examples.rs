//! Checking a spec's documented examples against its parameters and response fields at compile
//! time, with the runtime's own parser and envelopes, so a wrong example is a spec error.

use pbx_wire::Format;
use pbx_wire::read;
use pbx_wire::tree::{Element, Kind};
use pbx_wire::write::{JsonScalar, Place};

use crate::model::{Api, Endpoint, Field, Ty};
use crate::spec::field::Side;
use crate::values;

/// Every way `body` disagrees with the endpoint's spec; empty when it matches.
pub fn check(
    api: &Api,
    endpoint: &Endpoint,
    format: Format,
    body: &str,
    side: Side,
) -> Vec<String> {
    let mut problems = Vec::new();
    if side == Side::Request && endpoint.method == "GET" {
        if !body.trim().is_empty() {
            problems.push("a GET request has no body; leave `request` empty".to_owned());
        }
        return problems;
    }
    let root = match Element::parse(format, body.trim().as_bytes()) {
        Ok(root) => root,
        Err(e) => return vec![e.to_string()],
    };
    let rpc = endpoint.rpc_method.as_deref();
    match side {
        Side::Request => match api.envelope.open_request(&root, format, rpc) {
            Ok(Some(params)) => fields(&endpoint.params, params, format, "", &[], &mut problems),
            Ok(None) => {
                for f in endpoint.params.iter().filter(|f| f.required) {
                    problems.push(format!("required parameter `{}` is missing", f.wire));
                }
            }
            Err(e) => problems.push(e.to_string()),
        },
        Side::Response => match api.envelope.open_response(&root, format, rpc) {
            Ok(Ok(result)) => {
                let reserved = api.envelope.reserved_fields();
                fields(
                    &endpoint.response,
                    result,
                    format,
                    "",
                    reserved,
                    &mut problems,
                )
            }
            Ok(Err(errors)) => {
                for e in errors {
                    if !api.errors.iter().any(|d| d.code == e.code) {
                        problems.push(format!(
                            "error code {} is not declared for this family",
                            e.code
                        ));
                    }
                }
            }
            Err(e) => problems.push(e.to_string()),
        },
    }
    problems
}

fn fields(
    fields: &[Field],
    node: &Element<'_>,
    format: Format,
    path: &str,
    reserved: &[&str],
    out: &mut Vec<String>,
) {
    let at = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    for child in &node.children {
        let declared = fields.iter().any(|f| {
            f.wire == child.name
                || matches!(&f.ty, Ty::List { wrapper: Some(item), .. } if *item == child.name)
        });
        if !declared && !reserved.contains(&child.name.as_ref()) {
            out.push(format!("`{}` is not declared in the spec", at(&child.name)));
        }
    }
    for (name, _) in &node.attrs {
        if !fields
            .iter()
            .any(|f| f.wire == *name && f.place == Place::Attribute)
        {
            out.push(format!(
                "attribute `{}` is not declared in the spec",
                at(name)
            ));
        }
    }
    for f in fields {
        let here = at(&f.wire);
        match &f.ty {
            Ty::Object(o) => match node.child(&f.wire) {
                Ok(Some(e)) => self::fields(&o.fields, e, format, &here, &[], out),
                Ok(None) if f.required => out.push(format!("required `{here}` is missing")),
                Ok(None) => {}
                Err(e) => out.push(e.to_string()),
            },
            Ty::List { item, wrapper, .. } => {
                let result = read::list(node, &f.wire, wrapper.as_deref(), |e| {
                    let mut problems = Vec::new();
                    match item.as_ref() {
                        Ty::Object(o) => {
                            self::fields(&o.fields, e, format, &here, &[], &mut problems)
                        }
                        scalar => match read::text_of(e) {
                            Ok(text) => {
                                value(f, scalar, e.kind, &text, format, &here, &mut problems)
                            }
                            Err(err) => problems.push(format!("`{here}`: {err}")),
                        },
                    }
                    Ok(problems)
                });
                match result {
                    Ok(items) => {
                        if f.required && items.is_empty() {
                            out.push(format!("required `{here}` is missing"));
                        }
                        out.extend(items.into_iter().flatten());
                    }
                    Err(e) => out.push(e.to_string()),
                }
            }
            scalar => {
                let kind = node
                    .child(&f.wire)
                    .ok()
                    .flatten()
                    .map_or(Kind::String, |e| e.kind);
                match read::scalar(node, &f.wire, f.place) {
                    Ok(Some(text)) => value(f, scalar, kind, &text, format, &here, out),
                    Ok(None) if f.required => out.push(format!("required `{here}` is missing")),
                    Ok(None) => {}
                    Err(e) => out.push(e.within(path).to_string()),
                }
            }
        }
    }
}

fn value(
    f: &Field,
    ty: &Ty,
    kind: Kind,
    text: &str,
    format: Format,
    here: &str,
    out: &mut Vec<String>,
) {
    if let Err(reason) = values::check_scalar(ty, text) {
        out.push(format!("`{here}` = `{text}`: {reason}"));
    }
    if format == Format::Json && f.place == Place::Element {
        match (f.json, kind) {
            (JsonScalar::String, Kind::Number | Kind::Bool) => out.push(format!(
                "`{here}` is a bare JSON value but the spec sends it as a string (set `json = \"raw\"`)"
            )),
            (JsonScalar::Raw, Kind::String) => out.push(format!(
                "`{here}` is a JSON string but the spec sends it bare (set `json = \"string\"`)"
            )),
            _ => {}
        }
    }
}
