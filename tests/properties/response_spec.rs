//! The response fields of an endpoint, read from its spec file, and proptest strategies for
//! random valid responses built from them.
//!
//! A strategy yields two JSON values per response: what a PBX may send (numbers as strings,
//! `Yes` for `yes`, a lone list item without its array, `null` for an absent field), and the
//! same response as the generated writer spells it. The first is read into the typed
//! response; the second is what encoding that response must give back.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{Map, Value};
use toml::de::{DeTable, DeValue};

/// One response field.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The wire name.
    pub wire: String,
    /// Absent is a decode error.
    pub required: bool,
    /// The type.
    pub shape: Shape,
}

/// A field's type, as far as generating values needs it.
#[derive(Debug, Clone)]
pub enum Shape {
    /// Text, optionally from a character class and within lengths.
    String {
        /// Inclusive character ranges.
        chars: Option<Vec<(char, char)>>,
        /// Minimum length in characters.
        min: usize,
        /// Maximum length in characters.
        max: Option<usize>,
        /// `NAME=VALUE`.
        name_value: bool,
    },
    /// A whole number within bounds.
    Integer {
        /// Lower bound.
        min: Option<i64>,
        /// Upper bound.
        max: Option<i64>,
    },
    /// `yes`/`no` (`true`) or `1`/`0` (`false`).
    Bool {
        /// The `yes_no` spelling.
        yes_no: bool,
    },
    /// One of `values`, or (responses are open) any other text.
    Enum(Vec<String>),
    /// A nested object.
    Object(Vec<FieldSpec>),
    /// Zero or more items.
    List {
        /// The item type.
        item: Box<Shape>,
        /// XML's item name when the items are wrapped.
        wrapper: Option<String>,
        /// JSON wraps the items too (`{"item":[..]}`).
        json_wrapped: bool,
        /// Written even when empty (`empty = "write"`).
        write_empty: bool,
    },
}

/// The spec file an endpoint was generated from, as `EndpointMeta::spec` names it.
pub fn spec_path(spec: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let at = spec
        .find("specs/")
        .unwrap_or_else(|| panic!("`{spec}` is not below specs/"));
    root.join(&spec[at..])
}

/// The response fields of the endpoint spec at `path`, in file order.
pub fn response_fields(path: &Path) -> Vec<FieldSpec> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc = DeTable::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match doc.get_ref().get("response") {
        Some(v) => fields(table(v.get_ref(), "response")),
        None => Vec::new(),
    }
}

fn table<'t, 'i>(v: &'t DeValue<'i>, what: &str) -> &'t DeTable<'i> {
    v.as_table()
        .unwrap_or_else(|| panic!("`{what}` is not a table"))
}

fn string(t: &DeTable<'_>, key: &str) -> Option<String> {
    t.get(key)
        .map(|v| v.get_ref().as_str().expect("a string").to_owned())
}

fn integer(t: &DeTable<'_>, key: &str) -> Option<i64> {
    t.get(key).map(|v| {
        let int = v.get_ref().as_integer().expect("an integer");
        let digits: String = int.as_str().chars().filter(|&c| c != '_').collect();
        let digits = digits.trim_start_matches('+');
        let (negative, digits) = match digits.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, digits),
        };
        let digits = digits
            .strip_prefix("0x")
            .or_else(|| digits.strip_prefix("0o"))
            .or_else(|| digits.strip_prefix("0b"))
            .unwrap_or(digits);
        let n = i64::from_str_radix(digits, int.radix()).expect("an i64");
        if negative { -n } else { n }
    })
}

fn fields(t: &DeTable<'_>) -> Vec<FieldSpec> {
    t.iter()
        .map(|(key, value)| {
            let wire = key.get_ref().to_string();
            let f = table(value.get_ref(), &wire);
            let required = f
                .get("required")
                .is_none_or(|v| v.get_ref().as_bool().expect("a boolean"));
            let kind = string(f, "type").expect("every field has a type");
            let shape = match kind.as_str() {
                "object" => Shape::Object(fields(table(
                    f.get("fields").expect("object fields").get_ref(),
                    &wire,
                ))),
                "list" => {
                    let item = match f.get("fields") {
                        Some(sub) => Shape::Object(fields(table(sub.get_ref(), &wire))),
                        None => scalar(f, &string(f, "items").expect("list items")),
                    };
                    Shape::List {
                        item: Box::new(item),
                        wrapper: string(f, "xml_item"),
                        json_wrapped: string(f, "json_list").as_deref() == Some("wrapped"),
                        write_empty: string(f, "empty").as_deref() == Some("write"),
                    }
                }
                scalar_kind => scalar(f, scalar_kind),
            };
            FieldSpec {
                wire,
                required,
                shape,
            }
        })
        .collect()
}

fn scalar(f: &DeTable<'_>, kind: &str) -> Shape {
    match kind {
        "string" => Shape::String {
            chars: string(f, "chars").map(|class| char_class(&class)),
            min: integer(f, "min_length").map_or(0, |n| n as usize),
            max: integer(f, "max_length").map(|n| n as usize),
            name_value: string(f, "format").as_deref() == Some("name_value"),
        },
        "integer" => Shape::Integer {
            min: integer(f, "min"),
            max: integer(f, "max"),
        },
        "bool" => Shape::Bool {
            yes_no: string(f, "wire").as_deref() != Some("one_zero"),
        },
        "enum" => Shape::Enum(
            f.get("values")
                .and_then(|v| v.get_ref().as_array())
                .expect("enum values")
                .iter()
                .map(|v| v.get_ref().as_str().expect("a string").to_owned())
                .collect(),
        ),
        other => panic!("unknown field type `{other}`"),
    }
}

/// A character class as specs write it (`0-9*#`, `A-Za-z0-9 _&`): characters and ranges.
fn char_class(class: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = class.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            out.push((chars[i], chars[i + 2]));
            i += 3;
        } else {
            out.push((chars[i], chars[i]));
            i += 1;
        }
    }
    out
}

/// Text that tests the encoders: markup and quotes, whitespace a parser could eat, entity-like
/// text, non-ASCII up to four UTF-8 bytes, JSON look-alikes and digits.
const PIECES: &[&str] = &[
    "1", "0", "42", "-7", "a", "Z", "_", " ", "  ", "\t", "\n", "\r", "\r\n", "&", "&amp;", "<",
    ">", "]]>", "\"", "'", "\\", "/", "=", "é", "中", "☎", "😀", "\u{2028}", "\u{a0}", "true",
    "null", "{}", "[", ".", "Talking", "x=1",
];

/// Single characters, for strings with a length limit.
const CHARS: &[char] = &[
    'a', '1', ' ', '\t', '\n', '\r', '&', '<', '>', '"', '\'', '\\', 'é', '中', '😀',
];

/// Pieces only JSON can carry: XML 1.0 forbids most control characters, even as references.
const JSON_ONLY_PIECES: &[&str] = &["\u{1}", "\u{1f}", "\u{7f}", "\u{0}"];

/// A string value as both the PBX sends it and the writer spells it (the same).
fn text(json_only: bool) -> BoxedStrategy<String> {
    let mut pieces: Vec<&'static str> = PIECES.to_vec();
    if json_only {
        pieces.extend_from_slice(JSON_ONLY_PIECES);
    }
    prop::collection::vec(prop::sample::select(pieces), 0..6)
        .prop_map(|p| p.concat())
        .boxed()
}

fn constrained_text(
    chars: &Option<Vec<(char, char)>>,
    min: usize,
    max: Option<usize>,
    name_value: bool,
    json_only: bool,
) -> BoxedStrategy<String> {
    let body = match (chars, max) {
        (None, None) if min == 0 => text(json_only),
        _ => {
            let max = max.unwrap_or(min + 8).max(min);
            let one = match chars {
                Some(ranges) => prop::sample::select(ranges.clone())
                    .prop_flat_map(|(lo, hi)| proptest::char::range(lo, hi))
                    .boxed(),
                None => prop::sample::select(CHARS).boxed(),
            };
            prop::collection::vec(one, min..=max)
                .prop_map(|p| p.into_iter().collect::<String>())
                .boxed()
        }
    };
    if name_value {
        (prop::sample::select(vec!["balance", "x", "NAME"]), body)
            .prop_map(|(n, v)| format!("{n}={v}"))
            .boxed()
    } else {
        body
    }
}

/// `(sent, canonical)` for one scalar or object value.
fn value(shape: &Shape, json_only: bool) -> BoxedStrategy<(Value, Value)> {
    match shape {
        Shape::String {
            chars,
            min,
            max,
            name_value,
        } => constrained_text(chars, *min, *max, *name_value, json_only)
            .prop_map(|s| (Value::String(s.clone()), Value::String(s)))
            .boxed(),
        Shape::Integer { min, max } => {
            let range = match (min, max) {
                (None, None) => prop_oneof![any::<i64>(), -1000..1000i64].boxed(),
                (lo, hi) => (lo.unwrap_or(i64::MIN)..=hi.unwrap_or(i64::MAX)).boxed(),
            };
            (range, 0..3u8)
                .prop_map(|(n, spelling)| {
                    // PBXes send numbers both ways, text with spaces around it too; the
                    // reader takes each.
                    let sent = match spelling {
                        0 => Value::from(n),
                        1 => Value::String(n.to_string()),
                        _ => Value::String(format!(" {n}\n")),
                    };
                    (sent, Value::from(n))
                })
                .boxed()
        }
        Shape::Bool { yes_no } => {
            let spellings: &'static [(&'static str, bool)] = if *yes_no {
                &[("yes", true), ("no", false), ("Yes", true), ("NO", false)]
            } else {
                &[("1", true), ("0", false)]
            };
            let yes_no = *yes_no;
            (prop::sample::select(spellings), any::<bool>())
                .prop_map(move |((spelling, b), as_json_bool)| {
                    let sent = if as_json_bool {
                        Value::Bool(b)
                    } else {
                        Value::String(spelling.to_owned())
                    };
                    let canonical = match (yes_no, b) {
                        (true, true) => "yes",
                        (true, false) => "no",
                        (false, true) => "1",
                        (false, false) => "0",
                    };
                    (sent, Value::String(canonical.to_owned()))
                })
                .boxed()
        }
        Shape::Enum(values) => {
            let listed = prop::sample::select(values.clone());
            // Responses are open: a value the spec does not list is kept as received.
            let values = values.clone();
            let unlisted =
                text(json_only).prop_filter("a listed value", move |s| !values.contains(s));
            prop_oneof![3 => listed, 1 => unlisted]
                .prop_map(|s| (Value::String(s.clone()), Value::String(s)))
                .boxed()
        }
        Shape::Object(fields) => object(fields, json_only),
        Shape::List { .. } => unreachable!("lists are fields, not items"),
    }
}

/// `(sent, canonical)` for an object with these fields.
pub fn object(fields: &[FieldSpec], json_only: bool) -> BoxedStrategy<(Value, Value)> {
    let each: Vec<BoxedStrategy<Option<Member>>> =
        fields.iter().map(|f| field(f, json_only)).collect();
    each.prop_map(|members| {
        let mut sent = Map::new();
        let mut canonical = Map::new();
        for (name, s, c) in members.into_iter().flatten() {
            if let Some(c) = c {
                canonical.insert(name.clone(), c);
            }
            if let Some(s) = s {
                sent.insert(name, s);
            }
        }
        (Value::Object(sent), Value::Object(canonical))
    })
    .boxed()
}

/// A member of a response object: its name, what is sent (nothing when left out), and what the
/// writer writes (nothing for `null` or an empty optional list, unless the spec writes it).
type Member = (String, Option<Value>, Option<Value>);

/// One member; `None` when it is left out.
fn field(f: &FieldSpec, json_only: bool) -> BoxedStrategy<Option<Member>> {
    let name = f.wire.clone();
    if let Shape::List {
        item,
        wrapper,
        json_wrapped,
        write_empty,
    } = &f.shape
    {
        let min = usize::from(f.required);
        let wrap = match (wrapper, json_wrapped) {
            (Some(item_name), true) => Some(item_name.clone()),
            _ => None,
        };
        let required = f.required;
        let write_empty = *write_empty;
        return (
            prop::collection::vec(value(item, json_only), min..=3),
            any::<bool>(),
        )
            .prop_map(move |(items, lone)| {
                if items.is_empty() && !required {
                    // An empty optional list is not written unless its spec says so; a PBX
                    // may leave it out or send it empty.
                    let empty = match &wrap {
                        Some(item_name) => Value::Object(Map::from_iter([(
                            item_name.clone(),
                            Value::Array(vec![]),
                        )])),
                        None => Value::Array(vec![]),
                    };
                    let written = write_empty.then(|| empty.clone());
                    return Some((name.clone(), lone.then_some(empty), written));
                }
                let (sent, canonical): (Vec<Value>, Vec<Value>) = items.into_iter().unzip();
                // One item may come without its array.
                let sent = if lone && sent.len() == 1 {
                    sent.into_iter().next().expect("one item")
                } else {
                    Value::Array(sent)
                };
                let canonical = Value::Array(canonical);
                let (sent, canonical) = match &wrap {
                    Some(item_name) => (
                        Value::Object(Map::from_iter([(item_name.clone(), sent)])),
                        Value::Object(Map::from_iter([(item_name.clone(), canonical)])),
                    ),
                    None => (sent, canonical),
                };
                Some((name.clone(), Some(sent), Some(canonical)))
            })
            .boxed();
    }
    let v = value(&f.shape, json_only);
    if f.required {
        v.prop_map(move |(s, c)| Some((name.clone(), Some(s), Some(c))))
            .boxed()
    } else {
        prop_oneof![
            2 => v.prop_map(move |(s, c)| Some((name.clone(), Some(s), Some(c)))),
            1 => Just(None),
            // `null` counts as absent.
            1 => Just(Some((f.wire.clone(), Some(Value::Null), None))),
        ]
        .boxed()
    }
}

/// The writer's JSON lists as Switchvox's JSON has them (its XML converted): one item alone,
/// an empty wrapped list `{}`, an empty bare list absent. Every array in a canonical value is
/// a list, so the rewrite is exact.
pub fn one_or_many(v: Value) -> Value {
    match v {
        Value::Array(mut items) if items.len() == 1 => one_or_many(items.remove(0)),
        Value::Array(items) => Value::Array(items.into_iter().map(one_or_many).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !matches!(v, Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k, one_or_many(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Every JSON scalar as its text, so `"1800"` and `1800` compare equal: whether a field is
/// raw or a string in JSON is the request tests' and snapshots' business.
pub fn scalars_as_text(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(scalars_as_text).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), scalars_as_text(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}
