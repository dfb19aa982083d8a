//! Reading a spanned TOML document with every mistake reported at its place: wrong value
//! types, missing keys, and keys nobody reads (misspellings) are all spec errors.

use std::cell::RefCell;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostics::Diagnostics;
use crate::spec::source::Source;

/// A value with its byte span in the spec file.
#[derive(Debug, Clone)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it is.
    pub span: Range<usize>,
}

/// Shared state of one file's reading.
#[derive(Clone, Copy)]
pub struct Cx<'s> {
    /// The file.
    pub src: &'s Source,
    /// Where errors go.
    pub diag: &'s Diagnostics,
}

/// A TOML table being read.
pub struct Table<'s, 'i> {
    cx: Cx<'s>,
    table: &'s DeTable<'i>,
    /// The table's span (its header, or the whole document).
    pub span: Range<usize>,
    /// What the table is, for messages ("parameter `extid`").
    what: String,
    used: RefCell<Vec<&'s str>>,
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'s, 'i> Table<'s, 'i> {
    /// Wraps a table.
    pub fn new(
        cx: Cx<'s>,
        table: &'s DeTable<'i>,
        span: Range<usize>,
        what: impl Into<String>,
    ) -> Self {
        Table {
            cx,
            table,
            span,
            what: what.into(),
            used: RefCell::new(Vec::new()),
        }
    }

    /// The reading context.
    pub fn cx(&self) -> Cx<'s> {
        self.cx
    }

    /// What the table is, for messages.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// Looks a key up and marks it read.
    pub fn get(&self, key: &str) -> Option<&'s Spanned<DeValue<'i>>> {
        let (k, v) = self.table.get_key_value(key)?;
        self.used.borrow_mut().push(k.get_ref().as_ref());
        Some(v)
    }

    fn wrong_type(&self, key: &str, v: &Spanned<DeValue<'_>>, expected: &str) {
        self.cx.diag.error(
            self.cx.src,
            v.span(),
            format!(
                "`{key}` in {} must be {expected}, not {}",
                self.what,
                type_name(v.get_ref())
            ),
        );
    }

    /// A string value; an error if present with another type.
    pub fn str(&self, key: &str) -> Option<At<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: v.span(),
            }),
            _ => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    /// A string value that must be present.
    pub fn req_str(&self, key: &str) -> Option<At<String>> {
        if self.table.get(key).is_none() {
            self.missing(key);
            return None;
        }
        self.str(key)
    }

    /// Reports a missing required key.
    pub fn missing(&self, key: &str) {
        let message = format!("missing required key `{key}` in {}", self.what);
        if self.span.is_empty() {
            // The document itself: no line is at fault, so none is shown.
            self.cx.diag.file_start_error(self.cx.src, message);
        } else {
            self.cx.diag.error(self.cx.src, self.span.clone(), message);
        }
    }

    /// A boolean value.
    pub fn bool(&self, key: &str) -> Option<At<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(At {
                value: *b,
                span: v.span(),
            }),
            _ => {
                self.wrong_type(key, v, "`true` or `false`");
                None
            }
        }
    }

    /// An integer value.
    pub fn int(&self, key: &str) -> Option<At<i64>> {
        let v = self.get(key)?;
        match as_int(v.get_ref()) {
            Some(Ok(n)) => Some(At {
                value: n,
                span: v.span(),
            }),
            Some(Err(())) => {
                self.cx
                    .diag
                    .error(self.cx.src, v.span(), format!("`{key}` is out of range"));
                None
            }
            None => {
                self.wrong_type(key, v, "an integer");
                None
            }
        }
    }

    /// A nested table.
    pub fn table(&self, key: &str, what: impl Into<String>) -> Option<Table<'s, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Table::new(self.cx, t, v.span(), what)),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }

    /// An array.
    pub fn array(&self, key: &str) -> Option<(&'s DeArray<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some((a, v.span())),
            _ => {
                self.wrong_type(key, v, "an array");
                None
            }
        }
    }

    /// An array of strings.
    pub fn str_array(&self, key: &str) -> Option<Vec<At<String>>> {
        let (array, _) = self.array(key)?;
        let mut out = Vec::new();
        for item in array.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(At {
                    value: s.to_string(),
                    span: item.span(),
                }),
                other => self.cx.diag.error(
                    self.cx.src,
                    item.span(),
                    format!(
                        "`{key}` in {} must hold strings, not {}",
                        self.what,
                        type_name(other)
                    ),
                ),
            }
        }
        Some(out)
    }

    /// Every entry, in file order, marked read.
    pub fn entries(&self) -> Vec<(At<String>, &'s Spanned<DeValue<'i>>)> {
        self.table
            .iter()
            .map(|(k, v)| {
                self.used.borrow_mut().push(k.get_ref().as_ref());
                (
                    At {
                        value: k.get_ref().to_string(),
                        span: k.span(),
                    },
                    v,
                )
            })
            .collect()
    }

    /// Reports every key that was not read: a misspelling, or a key that does not apply.
    pub fn finish(&self, valid: &[&str]) {
        let used = self.used.borrow();
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref().as_ref();
            if used.contains(&key) {
                continue;
            }
            if valid.contains(&key) {
                self.cx.diag.error(
                    self.cx.src,
                    k.span(),
                    format!("`{key}` does not apply to {}", self.what),
                );
            } else {
                let help = match closest(key, valid) {
                    Some(near) => format!(
                        "did you mean `{near}`? expected one of: {}",
                        valid.join(", ")
                    ),
                    None => format!("expected one of: {}", valid.join(", ")),
                };
                self.cx.diag.error_help(
                    self.cx.src,
                    k.span(),
                    format!("unknown key `{key}` in {}", self.what),
                    help,
                );
            }
        }
    }
}

/// An integer TOML value as `i64`: `None` if not an integer, `Err` if out of range.
pub fn as_int(value: &DeValue<'_>) -> Option<Result<i64, ()>> {
    let int = value.as_integer()?;
    let digits: String = int.as_str().chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, digits.trim_start_matches('+').to_owned()),
    };
    let radix = int.radix();
    let digits = if radix == 10 {
        digits.as_str()
    } else {
        &digits[2..]
    };
    Some(
        i64::from_str_radix(digits, radix)
            .map(|n| if negative { -n } else { n })
            .map_err(|_| ()),
    )
}

/// The valid key nearest to a misspelt one, if it is near enough.
fn closest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (edit_distance(key, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min()
        .map(|(_, v)| v)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}
