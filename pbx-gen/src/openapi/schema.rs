//! Fields as JSON Schema: one schema per body format, with the constraints the generated code
//! checks (characters as a pattern, lengths, ranges, enumerations) and, for XML, the `xml`
//! object (element names, attributes, wrapped lists).

use pbx_wire::read::BoolWire;
use pbx_wire::write::{JsonList, JsonScalar, Place};
use serde_json::{Map, Value, json};

use super::Unsupported;
use super::strings::string_schema;
use crate::model::{EnumTy, ErrorDef, Field, ObjectTy, Ty};

/// Which body a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A JSON body: scalars as the field's `json` says.
    Json,
    /// An XML body: every scalar is text.
    Xml,
}

/// Where the schema is used: requests are checked strictly by the PBX, responses are what it
/// writes.
#[derive(Debug, Clone, Copy)]
pub struct Cx<'a> {
    /// The body format.
    pub form: Form,
    /// A response rather than a request.
    pub response: bool,
    /// Switchvox JSON responses: a one-item list is the item alone, an empty one is absent.
    pub one_item_lists: bool,
    /// The spec file, for errors.
    pub file: &'a str,
    /// The family's error table, for the messages of parameters' `error` codes.
    pub errors: &'a [ErrorDef],
}

/// An object with `fields` as properties.
pub fn object(fields: &[Field], cx: Cx<'_>) -> Result<Value, Unsupported> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        properties.insert(field.wire.clone(), field_schema(field, cx)?);
        if is_required(field, cx) {
            required.push(Value::String(field.wire.clone()));
        }
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    Ok(schema)
}

/// One field's schema on its own (a query parameter's).
pub fn field(field: &Field, cx: Cx<'_>) -> Result<Value, Unsupported> {
    field_schema(field, cx)
}

/// Whether a field must be present. A list is left out when empty unless its spec says
/// `empty = "write"` (and Switchvox never writes an empty bare list), so only those are.
fn is_required(field: &Field, cx: Cx<'_>) -> bool {
    match &field.ty {
        Ty::List { write_empty, .. } => field.required && *write_empty && !cx.one_item_lists,
        _ => field.required,
    }
}

/// One field's schema: its type, constraints, prose, default and example.
fn field_schema(field: &Field, cx: Cx<'_>) -> Result<Value, Unsupported> {
    let Field {
        wire,
        ident: _,
        doc,
        required: _,
        ty,
        place,
        json,
        default,
        example,
        span: _,
        secret,
        error,
        // Where it travels: the operation's concern (`operation.rs`), not the schema's.
        query: _,
    } = field;
    let mut schema = ty_schema(ty, *json, wire, cx)?;
    let mut description = doc.trim().to_owned();
    if let Some(error) = error {
        let table = cx.errors.iter().find(|e| e.code == error.code);
        let message = error
            .message
            .as_deref()
            .or(table.map(|e| e.message.as_str()))
            .map(|m| format!(": {}", m.trim_end_matches('.')))
            .unwrap_or_default();
        let sentence = format!(
            "A value that breaks these rules is refused with error {}{message}.",
            error.code
        );
        description = join_prose(&description, &sentence);
    }
    if let Some(text) = rules_prose(ty, *json, cx) {
        description = join_prose(&description, &text);
    }
    let obj = as_object(&mut schema);
    if !description.is_empty() {
        obj.insert("description".into(), Value::String(description));
    }
    if let Some(value) = default {
        obj.insert("default".into(), scalar_value(value, ty, *json, cx));
    }
    if let Some(value) = example {
        let value = scalar_value(value, ty, *json, cx);
        obj.insert("examples".into(), Value::Array(vec![value]));
    }
    if *secret && matches!(ty, Ty::String(_)) {
        obj.insert("format".into(), Value::String("password".into()));
    }
    if cx.form == Form::Xml {
        match place {
            Place::Attribute if is_scalar(ty) => {
                xml(obj).insert("attribute".into(), Value::Bool(true));
            }
            Place::Attribute => {
                return Err(Unsupported::new(
                    cx.file,
                    format!("`{wire}` is an XML attribute holding an object or list"),
                ));
            }
            Place::Element => {}
        }
        if !matches!(ty, Ty::List { join: None, .. }) {
            xml(obj).insert("name".into(), Value::String(wire.clone()));
        }
    }
    Ok(schema)
}

/// The type part of a schema.
fn ty_schema(ty: &Ty, json: JsonScalar, wire: &str, cx: Cx<'_>) -> Result<Value, Unsupported> {
    let text = cx.form == Form::Xml || json == JsonScalar::String;
    Ok(match ty {
        Ty::String(rules) => string_schema(rules),
        Ty::Integer { min, max } if text => integer_text(*min, *max),
        Ty::Integer { min, max } => {
            let mut s = json!({ "type": "integer" });
            if let Some(min) = min {
                s["minimum"] = json!(min);
            }
            if let Some(max) = max {
                s["maximum"] = json!(max);
            }
            s
        }
        Ty::Bool(BoolWire::YesNo) if text => json!({ "type": "string", "enum": ["yes", "no"] }),
        Ty::Bool(BoolWire::OneZero) if text => json!({ "type": "string", "enum": ["1", "0"] }),
        Ty::Bool(BoolWire::OneZero) => json!({ "type": "integer", "enum": [1, 0] }),
        Ty::Bool(BoolWire::YesNo) => {
            return Err(Unsupported::new(
                cx.file,
                format!("`{wire}`: a yes/no bool sent as a bare JSON literal"),
            ));
        }
        Ty::Enum(e) => enum_schema(e, text, wire, cx)?,
        Ty::Object(ObjectTy { name: _, fields }) => object(fields, cx)?,
        // One string value: `joined.rs`.
        Ty::List {
            item,
            join: Some(sep),
            write_empty,
            ..
        } => super::joined::joined_schema(item, sep, *write_empty, wire, cx)?,
        Ty::List {
            item,
            wrapper,
            json: list_json,
            write_empty: _,
            // OpenVox's `<item id="N">` numbering: an attribute of each XML item, no field.
            item_id,
            join: None,
        } => {
            let mut list = list_schema(item, wrapper.as_deref(), *list_json, json, wire, cx)?;
            if *item_id && cx.form == Form::Xml {
                add_item_id(&mut list, cx)?;
            }
            list
        }
    })
}

/// The `id="N"` attribute of each XML item of an `xml_item_id = "index"` list: its 0-based
/// position, written by the encoder (so required in answers) and ignored when read.
fn add_item_id(list: &mut Value, cx: Cx<'_>) -> Result<(), Unsupported> {
    let Some(Value::Object(item)) = list.get_mut("items") else {
        return Err(Unsupported::new(
            cx.file,
            "`xml_item_id` on a list without items",
        ));
    };
    let properties = item
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or_else(|| Unsupported::new(cx.file, "`xml_item_id` on a list of scalars"))?;
    // The property's name only keys the schema; XML names it `id` either way.
    let key = if properties.contains_key("id") {
        "xml_item_id"
    } else {
        "id"
    };
    properties.insert(
        key.into(),
        json!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]*)$",
            "description": "The item's 0-based position in the list (the encoder numbers the items; readers ignore it).",
            "xml": { "name": "id", "attribute": true },
        }),
    );
    if cx.response {
        let required = item.entry("required").or_insert_with(|| json!([]));
        if let Value::Array(list) = required {
            list.push(json!(key));
        }
    }
    Ok(())
}

fn is_scalar(ty: &Ty) -> bool {
    !matches!(ty, Ty::Object(_) | Ty::List { .. })
}

/// A list in each form: XML repeats the item (inside a wrapper element when it has one);
/// JSON is an array, or an object holding it under the item name (`json_list = "wrapped"`);
/// Switchvox JSON answers give one item alone.
fn list_schema(
    item: &Ty,
    wrapper: Option<&str>,
    list_json: JsonList,
    json: JsonScalar,
    wire: &str,
    cx: Cx<'_>,
) -> Result<Value, Unsupported> {
    let mut item_schema = ty_schema(item, json, wire, cx)?;
    if let Some(rules) = rules_prose(item, json, cx) {
        as_object(&mut item_schema).insert("description".into(), Value::String(rules));
    }
    if cx.form == Form::Xml {
        let item_name = wrapper.unwrap_or(wire);
        xml(as_object(&mut item_schema)).insert("name".into(), json!(item_name));
        let mut list = json!({ "type": "array", "items": item_schema });
        let xml_object = match wrapper {
            Some(_) => json!({ "name": wire, "wrapped": true }),
            None => json!({ "name": wire }),
        };
        list["xml"] = xml_object;
        return Ok(list);
    }
    let array = if cx.one_item_lists {
        if !matches!(item, Ty::Object(_)) {
            return Err(Unsupported::new(
                cx.file,
                format!("`{wire}`: a one-or-many list of scalars in a Switchvox answer"),
            ));
        }
        json!({ "oneOf": [item_schema.clone(), { "type": "array", "items": item_schema }] })
    } else {
        json!({ "type": "array", "items": item_schema })
    };
    Ok(match (wrapper, list_json) {
        (Some(item_name), JsonList::Wrapped) => {
            json!({ "type": "object", "properties": { item_name: array } })
        }
        (Some(_), JsonList::Array) | (None, _) => array,
    })
}

fn enum_schema(e: &EnumTy, text: bool, wire: &str, cx: Cx<'_>) -> Result<Value, Unsupported> {
    let EnumTy {
        name: _,
        values,
        open,
    } = e;
    let wire_values: Vec<&str> = values.iter().map(|(w, _)| w.as_str()).collect();
    if cx.response && *open {
        // Answers keep values the spec does not list, so a schema must not refuse them.
        return Ok(json!({ "type": "string" }));
    }
    if text {
        return Ok(json!({ "type": "string", "enum": wire_values }));
    }
    let numbers: Option<Vec<i64>> = wire_values.iter().map(|v| v.parse().ok()).collect();
    match numbers {
        Some(numbers) => Ok(json!({ "type": "integer", "enum": numbers })),
        None => Err(Unsupported::new(
            cx.file,
            format!("`{wire}`: a bare JSON enum whose values are not numbers"),
        )),
    }
}

/// Constraints JSON Schema cannot state on the wire form, said in prose.
fn rules_prose(ty: &Ty, json: JsonScalar, cx: Cx<'_>) -> Option<String> {
    let text = cx.form == Form::Xml || json == JsonScalar::String;
    match ty {
        Ty::Integer { min, max } if text && !small_range(*min, *max) => match (min, max) {
            (Some(a), Some(b)) => Some(format!("An integer from {a} to {b}.")),
            (Some(a), None) => Some(format!("An integer of at least {a}.")),
            (None, Some(b)) => Some(format!("An integer of at most {b}.")),
            (None, None) => None,
        },
        Ty::Enum(e) if cx.response && e.open => {
            let known: Vec<&str> = e.values.iter().map(|(w, _)| w.as_str()).collect();
            Some(format!("Known values: {}.", known.join(", ")))
        }
        _ => None,
    }
}

/// Ranges small enough to list every value as text.
fn small_range(min: Option<i64>, max: Option<i64>) -> bool {
    matches!((min, max), (Some(a), Some(b)) if b >= a && b - a < 32)
}

/// An integer written as text: its values listed when the range is small, else a pattern.
fn integer_text(min: Option<i64>, max: Option<i64>) -> Value {
    if let (Some(a), Some(b)) = (min, max)
        && small_range(min, max)
    {
        let values: Vec<String> = (a..=b).map(|v| v.to_string()).collect();
        return json!({ "type": "string", "enum": values });
    }
    let pattern = if min.is_some_and(|m| m >= 0) {
        "^(0|[1-9][0-9]*)$"
    } else {
        "^-?(0|[1-9][0-9]*)$"
    };
    json!({ "type": "string", "pattern": pattern })
}

/// A wire-form value (`default`, `example`) as the body carries it.
fn scalar_value(text: &str, ty: &Ty, json: JsonScalar, cx: Cx<'_>) -> Value {
    let raw = cx.form == Form::Json && json == JsonScalar::Raw;
    match ty {
        Ty::Integer { .. } | Ty::Bool(BoolWire::OneZero) | Ty::Enum(_) if raw => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_owned())),
        _ => Value::String(text.to_owned()),
    }
}

fn join_prose(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}\n\n{b}")
    }
}

/// The object of a schema built by this module (always an object).
pub fn as_object(schema: &mut Value) -> &mut Map<String, Value> {
    if !schema.is_object() {
        *schema = json!({ "allOf": [schema.take()] });
    }
    match schema {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

/// The schema's `xml` object, created when absent.
fn xml(obj: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let entry = obj.entry("xml").or_insert_with(|| json!({}));
    as_object(entry)
}
