//! The vendor's documented bodies (`[[examples]]`) as OpenAPI `examples`, by format.

use pbx_wire::Format;
use serde_json::{Map, Value, json};

use super::Unsupported;
use crate::model::Example;

/// Which body of an exchange.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    /// The request.
    Request,
    /// The response.
    Response,
}

/// The examples of `format` for one side, keyed by a name made from the example's title.
pub fn for_format(
    examples: &[Example],
    format: Format,
    side: Side,
    file: &str,
) -> Result<Map<String, Value>, Unsupported> {
    let mut out = Map::new();
    for example in examples {
        let Example {
            name,
            format: example_format,
            request,
            response,
            mistake,
        } = example;
        if *example_format != format {
            continue;
        }
        let body = match side {
            Side::Request => request,
            Side::Response => response,
        };
        // A vendor's broken body is no example of the schema: its correction is, if given.
        // (`corrected` is allowed on one-body examples only: it replaces that body.)
        let body = match mistake {
            None => body,
            Some(_) if body.is_none() => body,
            Some(m) => &m.corrected,
        };
        // An empty body is documented as none (a GET).
        let Some(body) = body.as_deref().filter(|b| !b.trim().is_empty()) else {
            continue;
        };
        let value = match format {
            Format::Json => serde_json::from_str::<Value>(body).map_err(|e| {
                Unsupported::new(file, format!("example `{name}` is not JSON: {e}"))
            })?,
            Format::Xml => Value::String(body.to_owned()),
        };
        let mut key = slug(name);
        let mut n = 2;
        while out.contains_key(&key) {
            key = format!("{}_{n}", slug(name));
            n += 1;
        }
        out.insert(key, json!({ "summary": name, "value": value }));
    }
    Ok(out)
}

/// `seed 000, JSON` → `seed_000_json`.
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') && !s.is_empty() {
            s.push('_');
        }
    }
    while s.ends_with('_') {
        s.pop();
    }
    if s.is_empty() { "example".into() } else { s }
}
