//! What `pbx` prints. Human output is `key: value` lines with control characters made visible
//! (what the PBX says is data, never terminal markup); `--json` output is built by a JSON
//! serializer, errors included, as one document on stdout.

use serde_json::{Map, Value, json};

use crate::exit::Exit;

/// A failed run, with what a script needs to decide what to do next.
#[derive(Debug, Clone)]
pub struct Failure {
    pub exit: Exit,
    /// `usage`, `invalid`, `vendor`, `decode`, `http_status`, `transport`, `auth`, `internal`.
    pub kind: &'static str,
    /// What happened, for a person.
    pub message: String,
    /// `not_sent`, `sent_no_answer` or `answered`, when something was attempted.
    pub delivery: Option<&'static str>,
    /// The endpoint id.
    pub endpoint: Option<&'static str>,
    /// The URL tried (tokens shown as `***`).
    pub url: Option<String>,
    /// The vendor's error code and message (boxed: most failures have none).
    pub vendor: Option<Box<(String, Option<String>)>>,
}

impl Failure {
    /// A usage or settings error: nothing was sent.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Usage,
            kind: "usage",
            message: message.into(),
            delivery: Some("not_sent"),
            endpoint: None,
            url: None,
            vendor: None,
        }
    }

    fn to_json(&self) -> Value {
        let mut error = Map::new();
        error.insert("kind".into(), json!(self.kind));
        error.insert("exit".into(), json!(self.exit.code()));
        error.insert("message".into(), json!(self.message));
        if let Some(delivery) = self.delivery {
            error.insert("delivery".into(), json!(delivery));
        }
        if let Some(endpoint) = self.endpoint {
            error.insert("endpoint".into(), json!(endpoint));
        }
        if let Some(url) = &self.url {
            error.insert("url".into(), json!(url));
        }
        if let Some((code, message)) = self.vendor.as_deref() {
            error.insert("code".into(), json!(code));
            error.insert("vendor_message".into(), json!(message));
        }
        json!({ "error": error })
    }
}

/// Prints a failure: JSON on stdout, or a message on stderr.
pub fn failure(failure: &Failure, as_json: bool) {
    if as_json {
        println!("{}", to_json_text(&failure.to_json()));
    } else {
        eprintln!("error: {}", neutral(&failure.message));
        if let Some(url) = &failure.url {
            eprintln!("  url: {}", neutral(url));
        }
        if let Some(delivery) = failure.delivery
            && failure.kind == "transport"
        {
            eprintln!("  delivery: {delivery}");
        }
    }
}

/// Prints a warning on stderr (stdout stays the one answer): a line, or with `--json` a JSON
/// document `{"warning":{"kind":…,"message":…}}`, so a script reading stderr can parse it too.
pub fn warning(kind: &str, message: &str, as_json: bool) {
    if as_json {
        let warning = json!({ "warning": { "kind": kind, "message": message } });
        eprintln!("{}", to_json_text(&warning));
    } else {
        eprintln!("warning: {}", neutral(message));
    }
}

/// Prints a successful answer, given as the PBX's JSON: as it is with `--json`, else as
/// `key: value` lines.
pub fn answer(json_body: &[u8], as_json: bool) {
    let parsed: Option<Value> = serde_json::from_slice(json_body).ok();
    match (parsed, as_json) {
        (Some(value), true) => println!("{}", to_json_text(&value)),
        (Some(value), false) => {
            let mut lines = Vec::new();
            flatten("", &value, &mut lines);
            for (key, text) in lines {
                println!("{}: {}", neutral(&key), neutral(&text));
            }
        }
        // The generated encoder always writes JSON; never print what could not be checked.
        (None, _) => println!("{}", neutral(&String::from_utf8_lossy(json_body))),
    }
}

/// What a download wrote to `--out`: the file and its size, as `key: value` lines or JSON.
pub fn downloaded(path: &std::path::Path, bytes: u64, as_json: bool) {
    let file = path.display().to_string();
    if as_json {
        let value = serde_json::json!({ "file": file, "bytes": bytes });
        println!("{}", to_json_text(&value));
    } else {
        println!("file: {}", neutral(&file));
        println!("bytes: {bytes}");
    }
}

/// `value` as JSON text, with the control characters a JSON serializer may leave raw (DEL
/// and the C1 range) escaped too, so a terminal shows them and never obeys them.
pub fn to_json_text(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text with every control character (C0, DEL, C1: escape sequences, carriage returns,
/// line breaks) shown as `\u{1b}`, so text from a PBX cannot move the cursor, recolour or
/// forge lines.
pub fn neutral(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The leaves of a JSON value as dotted keys (`outbound.0.from`) and their text.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                flatten(&key(k), v, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&key(&i.to_string()), v, out);
            }
        }
        Value::Object(_) => out.push((prefix.to_owned(), "{}".into())),
        Value::Array(_) => out.push((prefix.to_owned(), "(none)".into())),
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// Prints the endpoint list, as a table or JSON.
pub fn endpoints(module: Option<&str>, as_json: bool) {
    let chosen = pbx_api::ENDPOINTS
        .iter()
        .filter(|m| module.is_none_or(|f| m.api.module == f));
    if as_json {
        let list: Vec<Value> = chosen
            .map(|m| {
                json!({
                    "id": m.id,
                    "family": m.api.module,
                    "command": crate::tree::command_line(m),
                    "method": m.method,
                    "url": m.url,
                    "effect": format!("{:?}", m.effect).to_ascii_lowercase(),
                    "task": m.task.as_str(),
                    "verified": m.unverified.is_none(),
                    "unverified": m.unverified,
                    "summary": m.summary,
                })
            })
            .collect();
        println!("{}", to_json_text(&Value::Array(list)));
    } else {
        for m in chosen {
            let mark = if m.unverified.is_some() {
                "  (unverified)"
            } else {
                ""
            };
            println!("{:<44} {:<5} {}{mark}", m.id, m.method, m.url);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            neutral("a\u{1b}[31mb\r\nc\u{9b}"),
            "a\\u{1b}[31mb\\u{d}\\u{a}c\\u{9b}"
        );
        let text = to_json_text(&json!({"m": "x\u{7f}\u{85}\u{1b}"}));
        assert_eq!(text, r#"{"m":"x\u007f\u0085\u001b"}"#);
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["m"], "x\u{7f}\u{85}\u{1b}");
    }

    #[test]
    fn answers_flatten_to_dotted_keys() {
        let mut lines = Vec::new();
        flatten(
            "",
            &json!({"status": "Success", "outbound": [{"from": "1002"}], "none": []}),
            &mut lines,
        );
        assert_eq!(
            lines,
            vec![
                ("status".to_owned(), "Success".to_owned()),
                ("outbound.0.from".to_owned(), "1002".to_owned()),
                ("none".to_owned(), "(none)".to_owned()),
            ]
        );
    }
}
