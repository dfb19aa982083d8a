//! Helpers the wire tests share: comparing bodies the way the vendors' documents mean them.

use pbx_api::Format;
use pbx_api::wire::tree::Element;

/// Whether two bodies say the same thing. JSON: same keys, values and value types, in any
/// order. XML: same elements, attributes and text, ignoring indentation and attribute order.
pub fn same_body(format: Format, a: &[u8], b: &[u8]) -> Result<(), String> {
    if trim(a).is_empty() && trim(b).is_empty() {
        return Ok(());
    }
    match format {
        Format::Json => {
            let a: serde_json::Value = serde_json::from_slice(a).map_err(|e| e.to_string())?;
            let b: serde_json::Value = serde_json::from_slice(b).map_err(|e| e.to_string())?;
            if a == b {
                Ok(())
            } else {
                Err(format!("JSON differs:\n  left:  {a}\n  right: {b}"))
            }
        }
        Format::Xml => {
            let a = normal_xml(a)?;
            let b = normal_xml(b)?;
            if a == b {
                Ok(())
            } else {
                Err(format!("XML differs:\n  left:  {a}\n  right: {b}"))
            }
        }
    }
}

/// A canonical one-line rendering of an XML body.
pub fn normal_xml(body: &[u8]) -> Result<String, String> {
    let root = Element::parse_xml(trim(body)).map_err(|e| e.to_string())?;
    let mut out = String::new();
    render(&root, &mut out);
    Ok(out)
}

fn render(e: &Element<'_>, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    let mut attrs: Vec<_> = e.attrs.iter().collect();
    attrs.sort();
    for (k, v) in attrs {
        out.push_str(&format!(" {k}={v:?}"));
    }
    out.push('>');
    if let Some(text) = &e.text {
        out.push_str(&format!("{:?}", text.as_ref()));
    }
    for child in &e.children {
        render(child, out);
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

/// A body without surrounding whitespace, as spec files and documents print them.
pub fn trim(body: &[u8]) -> &[u8] {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let end = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &body[start..end]
}

pub mod sim_pbx;
pub mod tls;
