//! A 3.1 document rewritten for OpenAPI 3.0.3: `const` becomes a one-value `enum`,
//! `contentMediaType` `format: binary`, a schema's
//! `examples` list its first `example`, and `webhooks` (none yet) `x-webhooks`.

use serde_json::{Map, Value};

/// The same document, readable by 3.0-only tools.
pub fn to_3_0(mut doc: Value) -> Value {
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("openapi".into(), Value::String("3.0.3".into()));
        if let Some(hooks) = obj.remove("webhooks") {
            obj.insert("x-webhooks".into(), hooks);
        }
        for key in ["paths", "components"] {
            if let Some(part) = obj.get_mut(key) {
                walk(part, false);
            }
        }
    }
    doc
}

/// Rewrites schemas wherever they are: `schema` (and everything inside it) once a `schema`,
/// `schemas`, `properties`, `items`, `oneOf` or `allOf` member was crossed. Media-type
/// `examples` (a map of example objects) are left alone, since 3.0 has them too.
fn walk(value: &mut Value, in_schema: bool) {
    match value {
        Value::Object(map) => {
            if in_schema {
                rewrite_schema(map);
            }
            for (key, child) in map.iter_mut() {
                let schema_child = match key.as_str() {
                    "schema" | "items" => true,
                    "schemas" | "properties" => {
                        if let Value::Object(members) = child {
                            for member in members.values_mut() {
                                walk(member, true);
                            }
                        }
                        continue;
                    }
                    "oneOf" | "allOf" | "anyOf" => {
                        if let Value::Array(list) = child {
                            for member in list.iter_mut() {
                                walk(member, true);
                            }
                        }
                        continue;
                    }
                    "examples" | "xml" | "default" | "enum" | "const" | "example" if in_schema => {
                        continue;
                    }
                    _ => in_schema,
                };
                walk(child, schema_child);
            }
        }
        Value::Array(list) => {
            for item in list {
                walk(item, in_schema);
            }
        }
        _ => {}
    }
}

fn rewrite_schema(map: &mut Map<String, Value>) {
    // 3.0 has no `contentMediaType`: a file's bytes are `format: binary`.
    if map.remove("contentMediaType").is_some() {
        map.insert("format".into(), Value::String("binary".into()));
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut list)) = map.remove("examples")
        && !list.is_empty()
    {
        map.insert("example".into(), list.swap_remove(0));
    }
    // 3.0 allows no siblings beside `$ref`, so a titled or described `$ref` is wrapped.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or(Value::Null);
        let mut inner = Map::new();
        inner.insert("$ref".into(), reference);
        map.insert("allOf".into(), Value::Array(vec![Value::Object(inner)]));
    }
}
