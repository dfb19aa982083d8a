//! The family envelopes as schemas: request bodies around the parameters, and the HTTP 200
//! answer as a `oneOf` of the success (around the response fields) and the failure (with the
//! family's error codes), because these PBXes answer failures with HTTP 200 too.

use pbx_wire::Envelope;
use pbx_wire::envelope::is_json_integer;
use serde_json::{Value, json};

use super::schema::{Cx, Form, as_object};
use crate::model::ErrorDef;

/// The root element of `status` and `errcode` bodies.
const STATUS_ROOT: &str = "xml";

/// Where the error code schemas live in `components/schemas`.
pub fn codes_ref(form: Form) -> &'static str {
    match form {
        Form::Json => "#/components/schemas/ErrorCode",
        Form::Xml => "#/components/schemas/ErrorCodeXml",
    }
}

/// The family's error codes, each a `const` with its name and the vendor's message, in the
/// form `form` carries them.
pub fn codes_schema(envelope: Envelope, errors: &[ErrorDef], form: Form) -> Value {
    let one_of: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "const": code_value(envelope, &e.code, form),
                "title": e.variant,
                "description": e.message,
            })
        })
        .collect();
    json!({
        "description": "The family's documented error codes, with the vendor's messages. A PBX may send codes no document lists.",
        "oneOf": one_of,
    })
}

/// A code as the envelope writes it: text in XML and in `status` bodies, a number where the
/// JSON writer sends one.
pub fn code_value(envelope: Envelope, code: &str, form: Form) -> Value {
    let number = form == Form::Json && envelope != Envelope::Status && is_json_integer(code);
    match code.parse::<i64>() {
        Ok(n) if number => Value::from(n),
        _ => Value::String(code.to_owned()),
    }
}

/// A request body: the parameters object inside the envelope.
pub fn request(envelope: Envelope, rpc_method: Option<&str>, params: Value, cx: Cx<'_>) -> Value {
    match envelope {
        Envelope::Status | Envelope::Errcode => rooted(params, STATUS_ROOT, cx.form),
        Envelope::Switchvox => rpc(cx.form, "request", rpc_method, "parameters", params),
    }
}

/// The HTTP 200 answer: the success or the failure.
pub fn answer(envelope: Envelope, rpc_method: Option<&str>, fields: Value, cx: Cx<'_>) -> Value {
    let success = success(envelope, rpc_method, fields, cx);
    let failure = failure(envelope, rpc_method, cx.form);
    json!({ "oneOf": [success, failure] })
}

/// The failure alone: what a download endpoint answers in the family's envelope.
pub fn failure_only(envelope: Envelope, rpc_method: Option<&str>, form: Form) -> Value {
    failure(envelope, rpc_method, form)
}

/// A third answer beside success and failure: the `status` envelope's failure without an
/// `errno`, carrying the endpoint's `[failure.<field>]` fields (S-Series `sms/send`).
pub fn add_bare_failure(answer: &mut Value, detail: Value, form: Form) {
    let fields = prepend(
        detail,
        &[("status", json!({ "type": "string", "const": "Failed" }))],
    );
    if let Some(list) = answer.get_mut("oneOf").and_then(Value::as_array_mut) {
        list.push(rooted(fields, STATUS_ROOT, form));
    }
}

fn success(envelope: Envelope, rpc_method: Option<&str>, fields: Value, cx: Cx<'_>) -> Value {
    match envelope {
        Envelope::Status => {
            let status = json!({ "type": "string", "const": "Success" });
            rooted(prepend(fields, &[("status", status)]), STATUS_ROOT, cx.form)
        }
        Envelope::Errcode => {
            let errcode = match cx.form {
                Form::Json => json!({ "type": "integer", "const": 0 }),
                Form::Xml => json!({ "type": "string", "const": "0" }),
            };
            let errmsg = json!({ "type": "string" });
            let fields = prepend(fields, &[("errcode", errcode), ("errmsg", errmsg)]);
            rooted(fields, STATUS_ROOT, cx.form)
        }
        Envelope::Switchvox => {
            let mut result = fields;
            if cx.form == Form::Xml {
                as_object(&mut result).insert("xml".into(), json!({ "name": "result" }));
            }
            rpc(cx.form, "response", rpc_method, "result", result)
        }
    }
}

fn failure(envelope: Envelope, rpc_method: Option<&str>, form: Form) -> Value {
    let code = json!({ "$ref": codes_ref(form) });
    match envelope {
        Envelope::Status => {
            let fields = json!({
                "type": "object",
                "properties": {
                    "status": { "type": "string", "const": "Failed" },
                    "errno": code,
                },
                "required": ["status", "errno"],
            });
            rooted(fields, STATUS_ROOT, form)
        }
        Envelope::Errcode => {
            let fields = json!({
                "type": "object",
                "properties": { "errcode": code, "errmsg": { "type": "string" } },
                "required": ["errcode", "errmsg"],
            });
            rooted(fields, STATUS_ROOT, form)
        }
        Envelope::Switchvox => {
            let error = match form {
                Form::Json => json!({
                    "type": "object",
                    "properties": { "code": code, "message": { "type": "string" } },
                    "required": ["code"],
                }),
                Form::Xml => json!({
                    "type": "object",
                    "properties": {
                        "code": { "allOf": [code], "xml": { "attribute": true } },
                        "message": { "type": "string", "xml": { "attribute": true } },
                    },
                    "required": ["code"],
                    "xml": { "name": "error" },
                }),
            };
            let errors = match form {
                // One error is an object, several an array (the vendor's "Error Code
                // Formatting").
                Form::Json => json!({
                    "type": "object",
                    "properties": {
                        "error": { "oneOf": [error.clone(), { "type": "array", "items": error, "minItems": 2 }] },
                    },
                    "required": ["error"],
                }),
                Form::Xml => json!({
                    "type": "array",
                    "items": error,
                    "minItems": 1,
                    "xml": { "name": "errors", "wrapped": true },
                }),
            };
            let mut response = rpc(form, "response", rpc_method, "errors", errors);
            // Refusals of a request whose method cannot be read carry no `method`.
            let inner = match form {
                Form::Json => &mut response["properties"]["response"],
                Form::Xml => &mut response,
            };
            inner["required"] = json!(["errors"]);
            response
        }
    }
}

/// `fields` as the body's root: XML names its root element.
fn rooted(mut fields: Value, root: &str, form: Form) -> Value {
    if form == Form::Xml {
        as_object(&mut fields).insert("xml".into(), json!({ "name": root }));
    }
    fields
}

/// `properties` put first in an object schema, and required.
fn prepend(object: Value, first: &[(&str, Value)]) -> Value {
    let mut properties = serde_json::Map::new();
    let mut required: Vec<Value> = Vec::new();
    for (name, schema) in first {
        properties.insert((*name).to_owned(), schema.clone());
        required.push(json!(name));
    }
    if let Some(rest) = object.get("properties").and_then(Value::as_object) {
        for (k, v) in rest {
            properties.insert(k.clone(), v.clone());
        }
    }
    if let Some(rest) = object.get("required").and_then(Value::as_array) {
        required.extend(rest.iter().cloned());
    }
    json!({ "type": "object", "properties": properties, "required": required })
}

/// `<root method=".."><inner>..</inner></root>`, or `{"root":{"method":..,"inner":{..}}}`.
fn rpc(form: Form, root: &str, method: Option<&str>, inner: &str, body: Value) -> Value {
    let method_schema = match method {
        Some(m) => json!({ "type": "string", "const": m }),
        None => json!({ "type": "string" }),
    };
    match form {
        Form::Json => json!({
            "type": "object",
            "properties": {
                root: {
                    "type": "object",
                    "properties": { "method": method_schema, inner: body },
                    "required": ["method", inner],
                },
            },
            "required": [root],
        }),
        Form::Xml => {
            let mut method_schema = method_schema;
            method_schema["xml"] = json!({ "attribute": true });
            let mut body = body;
            if body.get("xml").is_none_or(|x| x.get("name").is_none()) {
                let obj = as_object(&mut body);
                obj.insert("xml".into(), json!({ "name": inner }));
            }
            json!({
                "type": "object",
                "properties": { "method": method_schema, inner: body },
                "required": ["method", inner],
                "xml": { "name": root },
            })
        }
    }
}
