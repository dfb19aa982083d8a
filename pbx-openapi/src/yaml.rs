//! JSON documents as YAML, for tools and people who prefer it. Every string and key is written
//! as a JSON string, which is also a YAML double-quoted scalar, so no value can change meaning
//! (`no`, `1.0`, `0x10`, `*` stay text).

use serde_json::Value;

/// The YAML text of a JSON document, in block style.
pub fn to_yaml(json: &str) -> Result<String, serde_json::Error> {
    let value: Value = serde_json::from_str(json)?;
    let mut out = String::new();
    block(&value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// A value at `indent` spaces, starting on a fresh line.
fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                out.push_str(&pad);
                out.push_str(&quote(key));
                out.push(':');
                member(child, indent, out);
            }
        }
        Value::Array(list) if !list.is_empty() => {
            for item in list {
                out.push_str(&pad);
                out.push('-');
                member(item, indent, out);
            }
        }
        _ => {
            out.push_str(&pad);
            out.push_str(&inline(value));
            out.push('\n');
        }
    }
}

/// What follows `key:` or `-`: a scalar on the same line, else a nested block.
fn member(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            block(value, indent + 2, out);
        }
        Value::Array(l) if !l.is_empty() => {
            out.push('\n');
            block(value, indent + 2, out);
        }
        _ => {
            out.push(' ');
            out.push_str(&inline(value));
            out.push('\n');
        }
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

fn quote(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::to_yaml;

    #[test]
    fn nests_and_quotes() {
        let yaml = to_yaml(r#"{"a":{"b":["no",1,true,null,{}],"c":[]},"d":"x\ny"}"#);
        let expected = "\"a\":\n  \"b\":\n    - \"no\"\n    - 1\n    - true\n    - null\n    - {}\n  \"c\": []\n\"d\": \"x\\ny\"\n";
        assert_eq!(yaml.ok().as_deref(), Some(expected));
    }

    #[test]
    fn refuses_what_is_not_json() {
        assert!(to_yaml("{").is_err());
    }
}
