//! A raw request's document trees as text: parameters written as JSON members or XML
//! elements (the envelope around them is the family's own), and trees that own their text.

use std::borrow::Cow;

use pbx_wire::Element;
use pbx_wire::write::{JsonScalar, Place, Sink, escape_json, escape_xml};

/// A tree that owns its text.
pub(super) fn owned(e: &Element<'_>) -> Element<'static> {
    let own = |c: &Cow<'_, str>| Cow::Owned(c.to_string());
    Element {
        name: own(&e.name),
        kind: e.kind,
        attrs: e.attrs.iter().map(|(k, v)| (own(k), own(v))).collect(),
        children: e.children.iter().map(owned).collect(),
        text: e.text.as_ref().map(own),
        in_array: e.in_array,
    }
}

pub(super) fn write_scalars<S: Sink>(e: &Element<'_>, out: &mut S) {
    for (name, value) in &e.attrs {
        out.scalar(name, value, JsonScalar::String, Place::Attribute);
    }
    for child in e.children.iter().filter(|c| c.children.is_empty()) {
        if let Some(text) = &child.text {
            out.scalar(&child.name, text, JsonScalar::String, Place::Element);
        }
    }
}

/// The members of an object (or an XML element's attributes and children) as JSON, without
/// braces; a run of array items becomes one array.
pub(super) fn json_members(e: &Element<'_>) -> String {
    let mut out = String::new();
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push(',');
        }
    };
    for (name, value) in &e.attrs {
        sep(&mut out);
        escape_json(&mut out, name);
        out.push(':');
        escape_json(&mut out, value);
    }
    let mut i = 0;
    while let Some(child) = e.children.get(i) {
        sep(&mut out);
        escape_json(&mut out, &child.name);
        out.push(':');
        let run = e.children[i..]
            .iter()
            .take_while(|c| {
                c.name == child.name && (c.in_array || e.kind == pbx_wire::tree::Kind::Element)
            })
            .count()
            .max(1);
        if run > 1 || child.in_array {
            out.push('[');
            for (n, item) in e.children[i..i + run].iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                json_value(item, &mut out);
            }
            out.push(']');
        } else {
            json_value(child, &mut out);
        }
        i += run;
    }
    out
}

fn json_value(e: &Element<'_>, out: &mut String) {
    use pbx_wire::tree::Kind;
    let text = e.text.as_deref().unwrap_or("");
    match e.kind {
        Kind::Number | Kind::Bool => out.push_str(text),
        Kind::Null => out.push_str("null"),
        Kind::String => escape_json(out, text),
        Kind::Element if e.children.is_empty() && e.attrs.is_empty() => escape_json(out, text),
        Kind::Object | Kind::Element => {
            out.push('{');
            out.push_str(&json_members(e));
            out.push('}');
        }
    }
}

/// The attributes-free children of an element (or an object's members) as XML elements.
pub(super) fn xml_children(e: &Element<'_>) -> String {
    let mut out = String::new();
    for child in &e.children {
        xml_element(child, &mut out);
    }
    out
}

fn xml_element(e: &Element<'_>, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (name, value) in &e.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_xml(out, value, true);
        out.push('"');
    }
    out.push('>');
    if let Some(text) = &e.text
        && e.kind != pbx_wire::tree::Kind::Null
    {
        escape_xml(out, text, false);
    }
    for child in &e.children {
        xml_element(child, out);
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}
