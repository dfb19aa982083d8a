//! Helpers the wire tests share: comparing bodies the way the vendors' documents mean them.

use pbx_api::Format;
use pbx_api::wire::tree::Element;

/// Whether two bodies say the same thing. JSON: same keys, values and value types, in any
/// order. XML: same elements, attributes and text, ignoring indentation and attribute order,
/// and the order of an element's scalar children (a flat parameter list, which the vendors'
/// own examples print in differing orders); repeated elements of one name (list items) and
/// elements holding elements (nested objects, wrapped lists) keep their order.
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
    // Scalar children first, by name (a stable sort: items of one name keep their order),
    // then the structured ones in document order.
    let mut scalars: Vec<&Element<'_>> = e
        .children
        .iter()
        .filter(|c| c.children.is_empty())
        .collect();
    scalars.sort_by(|a, b| a.name.cmp(&b.name));
    for child in scalars {
        render(child, out);
    }
    for child in e.children.iter().filter(|c| !c.children.is_empty()) {
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
pub mod started;
pub mod tls;

#[cfg(test)]
mod tests {
    use super::*;

    fn same_xml(a: &str, b: &str) -> bool {
        same_body(Format::Xml, a.as_bytes(), b.as_bytes()).is_ok()
    }

    #[test]
    fn a_flat_parameter_list_compares_in_any_order() {
        assert!(same_xml(
            "<xml><extid>101</extid><outto>16103</outto></xml>",
            "<xml>\n\t<outto>16103</outto>\n\t<extid>101</extid>\n</xml>"
        ));
        assert!(!same_xml(
            "<xml><extid>101</extid><outto>16103</outto></xml>",
            "<xml><extid>101</extid><outto>16104</outto></xml>"
        ));
    }

    #[test]
    fn lists_keep_their_order() {
        // Bare repeated items, wrapped scalar items and wrapped object items.
        assert!(!same_xml(
            "<r><inbound>1</inbound><inbound>2</inbound></r>",
            "<r><inbound>2</inbound><inbound>1</inbound></r>"
        ));
        assert!(!same_xml(
            "<r><vs><v>a=1</v><v>b=2</v></vs></r>",
            "<r><vs><v>b=2</v><v>a=1</v></vs></r>"
        ));
        assert!(!same_xml(
            r#"<r><m><item id="0"><a>1</a></item><item id="1"><a>2</a></item></m></r>"#,
            r#"<r><m><item id="1"><a>2</a></item><item id="0"><a>1</a></item></m></r>"#
        ));
        // Inside one item, the fields are a flat list again.
        assert!(same_xml(
            "<r><m><item><a>1</a><b>2</b></item></m></r>",
            "<r><m><item><b>2</b><a>1</a></item></m></r>"
        ));
    }
}
