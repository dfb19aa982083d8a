//! Checking a spec's documented examples against its parameters and response fields at compile
//! time, with the runtime's own parser and envelopes, so a wrong example is a spec error. Each
//! problem says where in the body it is (`locate`), so the error points at that line.

use pbx_wire::Format;
use pbx_wire::read;
use pbx_wire::tree::{Element, Kind};
use pbx_wire::write::{JsonList, JsonScalar, Place};

use crate::model::{Api, Endpoint, Field, Ty};
use crate::spec::field::Side;
use crate::values;

/// One way an example disagrees with its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// The field it is about, as a dotted path of wire names (empty: the body as a whole).
    pub path: String,
    /// The offending value's text, when a value is at fault.
    pub value: Option<String>,
    /// A byte offset in the body, when the parser gave one (a syntax error).
    pub offset: Option<usize>,
}

impl Problem {
    fn new(message: impl Into<String>, path: &str) -> Self {
        Problem {
            message: message.into(),
            path: path.to_owned(),
            value: None,
            offset: None,
        }
    }
}

/// Every way `body` disagrees with the endpoint's spec; empty when it matches.
pub fn check(
    api: &Api,
    endpoint: &Endpoint,
    format: Format,
    body: &str,
    side: Side,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if side == Side::Request && endpoint.method == "GET" {
        if !body.trim().is_empty() {
            problems.push(Problem::new(
                "a GET request has no body; leave `request` empty",
                "",
            ));
        }
        return problems;
    }
    let root = match Element::parse(format, body.trim().as_bytes()) {
        Ok(root) => root,
        Err(e) => {
            let lead = body.len() - body.trim_start().len();
            let message = e.to_string();
            let offset = crate::spec::example::syntax_offset(body.trim(), &message);
            return vec![Problem {
                offset: offset.map(|o| o + lead),
                ..Problem::new(message, "")
            }];
        }
    };
    let rpc = endpoint.rpc_method.as_deref();
    match side {
        Side::Request => match api.envelope.open_request(&root, format, rpc) {
            Ok(Some(params)) => fields(&endpoint.params, params, format, "", &[], &mut problems),
            Ok(None) => {
                for f in endpoint.params.iter().filter(|f| f.required) {
                    problems.push(Problem::new(
                        format!("required parameter `{}` is missing", f.wire),
                        "",
                    ));
                }
            }
            Err(e) => problems.push(Problem::new(e.to_string(), &e.path)),
        },
        Side::Response if bare_failure(api, endpoint, &root, format) => {
            let reserved = api.envelope.reserved_fields();
            fields(
                &endpoint.failure,
                &root,
                format,
                "",
                reserved,
                &mut problems,
            );
        }
        Side::Response
            if endpoint.failure.is_empty()
                && matches!(
                    api.envelope.bare_failure(&root, format, ["status"]),
                    Ok(Some(_))
                ) =>
        {
            // A code-less failure on an endpoint that declares none: say how to declare it.
            problems.push(Problem::new(
                "a `Failed` answer without an `errno`: declare the fields it carries as `[failure.<field>]`",
                "",
            ));
        }
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
                        problems.push(Problem {
                            value: Some(e.code.clone()),
                            ..Problem::new(
                                format!("error code {} is not declared for this family", e.code),
                                "",
                            )
                        });
                    }
                }
            }
            Err(e) => problems.push(Problem::new(e.to_string(), &e.path)),
        },
    }
    problems
}

/// Whether a response body is a failure without a code that the endpoint declares
/// (`[failure.<field>]`): its fields are then checked against those.
fn bare_failure(api: &Api, endpoint: &Endpoint, root: &Element<'_>, format: Format) -> bool {
    let names = endpoint.failure.iter().map(|f| f.wire.as_str());
    matches!(api.envelope.bare_failure(root, format, names), Ok(Some(_)))
}

pub(crate) fn fields(
    fields: &[Field],
    node: &Element<'_>,
    format: Format,
    path: &str,
    reserved: &[&str],
    out: &mut Vec<Problem>,
) {
    fields_with(fields, node, format, path, reserved, false, out);
}

/// [`fields`] of a node whose `id` attribute is its list position (`xml_item_id`), not a field.
fn fields_with(
    fields: &[Field],
    node: &Element<'_>,
    format: Format,
    path: &str,
    reserved: &[&str],
    item_id: bool,
    out: &mut Vec<Problem>,
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
            let here = at(&child.name);
            out.push(Problem::new(
                format!("`{here}` is not declared in the spec"),
                &here,
            ));
        }
    }
    for (name, _) in &node.attrs {
        if item_id && format == Format::Xml && name == "id" {
            continue;
        }
        if !fields
            .iter()
            .any(|f| f.wire == *name && f.place == Place::Attribute)
        {
            let here = at(name);
            out.push(Problem::new(
                format!("attribute `{here}` is not declared in the spec"),
                &here,
            ));
        }
    }
    for f in fields {
        let here = at(&f.wire);
        match &f.ty {
            Ty::Object(o) => match node.child(&f.wire) {
                Ok(Some(e)) => self::fields(&o.fields, e, format, &here, &[], out),
                Ok(None) if f.required => out.push(missing(&here, path)),
                Ok(None) => {}
                Err(e) => out.push(Problem::new(e.to_string(), &here)),
            },
            Ty::List {
                item,
                join: Some(sep),
                ..
            } => joined(f, item, sep, node, format, (&here, path), out),
            Ty::List {
                item,
                wrapper,
                json,
                item_id,
                ..
            } => {
                let result = read::list_of(node, &f.wire, wrapper.as_deref(), *json, |e| {
                    let mut problems = Vec::new();
                    match item.as_ref() {
                        Ty::Object(o) => {
                            fields_with(&o.fields, e, format, &here, &[], *item_id, &mut problems)
                        }
                        scalar => match read::text_of(e) {
                            Ok(text) => {
                                value(f, scalar, e.kind, &text, format, &here, &mut problems)
                            }
                            Err(err) => {
                                problems.push(Problem::new(format!("`{here}`: {err}"), &here))
                            }
                        },
                    }
                    Ok(problems)
                });
                match result {
                    Ok(items) => {
                        if f.required && items.is_empty() {
                            out.push(missing(&here, path));
                        }
                        out.extend(items.into_iter().flatten());
                    }
                    Err(e) => out.push(Problem::new(e.to_string(), &here)),
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
                    Ok(None) if f.required => out.push(missing(&here, path)),
                    Ok(None) => {}
                    Err(e) => out.push(Problem::new(e.within(path).to_string(), &here)),
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
    out: &mut Vec<Problem>,
) {
    let at_value = |message: String| Problem {
        value: Some(text.to_owned()),
        ..Problem::new(message, here)
    };
    if let Err(reason) = values::check_scalar(ty, text) {
        out.push(at_value(format!("`{here}` = `{text}`: {reason}")));
    }
    if format == Format::Json && f.place == Place::Element {
        match (f.json, kind) {
            (JsonScalar::String, Kind::Number | Kind::Bool) => out.push(at_value(format!(
                "`{here}` is a bare JSON value but the spec sends it as a string (set `json = \"raw\"`)"
            ))),
            (JsonScalar::Raw, Kind::String) => out.push(at_value(format!(
                "`{here}` is a JSON string but the spec sends it bare (set `json = \"string\"`)"
            ))),
            _ => {}
        }
    }
}

/// A required field that is absent: reported at the object that should hold it.
fn missing(here: &str, parent: &str) -> Problem {
    Problem::new(format!("required `{here}` is missing"), parent)
}

/// A joined list (`join = ","`): one text (or, leniently, several) whose items, split on the
/// separator, are each checked; `at` is the field's path and its parent's.
fn joined(
    f: &Field,
    item: &Ty,
    sep: &str,
    node: &Element<'_>,
    format: Format,
    (here, parent): (&str, &str),
    out: &mut Vec<Problem>,
) {
    let texts = read::list_of(node, &f.wire, None, JsonList::Array, |e| {
        read::text_of(e).map(|t| (e.kind, t.into_owned()))
    });
    let texts = match texts {
        Ok(texts) => texts,
        Err(e) => return out.push(Problem::new(e.to_string(), here)),
    };
    if f.required && texts.iter().all(|(_, t)| t.is_empty()) {
        out.push(missing(here, parent));
    }
    for (kind, text) in &texts {
        let at_value = |message: String| Problem {
            value: Some(text.clone()),
            ..Problem::new(message, here)
        };
        if format == Format::Json && matches!(kind, Kind::Number | Kind::Bool) {
            out.push(at_value(format!(
                "`{here}` is a bare JSON value but a joined list travels as a string"
            )));
        }
        if text.is_empty() {
            continue;
        }
        for (i, part) in text.split(sep).enumerate() {
            if let Err(reason) = values::check_scalar(item, part) {
                out.push(at_value(format!(
                    "`{here}` = `{text}`: item {i} `{part}`: {reason}"
                )));
            }
        }
    }
}
