//! A small JSON object writer that keeps keys in the order given and allows a key twice, as
//! the vendors' bodies need (S-Series v1.0.0 repeats `ext`); and the PBX's clock as text.

/// A JSON value as the bodies use them.
#[derive(Debug, Clone)]
pub(crate) enum J {
    /// A string.
    S(String),
    /// A number, written as given.
    N(i64),
    /// `null`.
    Null,
    /// An array.
    A(Vec<J>),
    /// An object, keys in order (repeats allowed).
    O(Obj),
}

/// An object under construction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Obj(Vec<(&'static str, J)>);

impl Obj {
    pub fn new() -> Obj {
        Obj::default()
    }

    /// Adds `key` (after the keys already there, even if it is one of them).
    pub fn put(mut self, key: &'static str, value: J) -> Obj {
        self.0.push((key, value));
        self
    }

    /// Adds a string member.
    pub fn s(self, key: &'static str, value: &str) -> Obj {
        self.put(key, J::S(value.to_owned()))
    }

    /// The first member's value, if it is a string (a report's `action`).
    pub fn first_text(&self) -> Option<&str> {
        match self.0.first() {
            Some((_, J::S(text))) => Some(text),
            _ => None,
        }
    }

    /// The object as compact JSON.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(128);
        write_obj(&mut out, self);
        out
    }
}

/// A string value.
pub(crate) fn s(text: &str) -> J {
    J::S(text.to_owned())
}

fn write_obj(out: &mut String, obj: &Obj) {
    out.push('{');
    for (i, (key, value)) in obj.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, key);
        out.push(':');
        write(out, value);
    }
    out.push('}');
}

fn write(out: &mut String, value: &J) {
    match value {
        J::S(text) => write_str(out, text),
        J::N(n) => out.push_str(&n.to_string()),
        J::Null => out.push_str("null"),
        J::A(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        J::O(obj) => write_obj(out, obj),
    }
}

/// A JSON string literal (serde_json's escaping).
pub(crate) fn write_str(out: &mut String, text: &str) {
    match serde_json::to_string(text) {
        Ok(quoted) => out.push_str(&quoted),
        // Serialising a `&str` cannot fail; write it plainly quoted rather than panic.
        Err(_) => {
            out.push('"');
            out.push_str(text);
            out.push('"');
        }
    }
}

/// Unix seconds as `YYYY-MM-DD hh:mm:ss` (UTC), the `timestart` of the vendors' CDR reports.
pub(crate) fn timestamp(unix: u64) -> String {
    let (days, secs) = (unix / 86_400, unix % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_may_repeat() {
        let ext = |n: &str| J::O(Obj::new().s("extid", n));
        let body = Obj::new()
            .s("action", "ANSWERED")
            .put("ext", ext("1002"))
            .put("ext", ext("1000"))
            .put("n", J::N(480))
            .put("m", J::Null)
            .put("a", J::A(vec![s("a\"b")]));
        assert_eq!(
            body.text(),
            r#"{"action":"ANSWERED","ext":{"extid":"1002"},"ext":{"extid":"1000"},"n":480,"m":null,"a":["a\"b"]}"#
        );
    }

    #[test]
    fn timestamps_are_civil_utc() {
        assert_eq!(timestamp(0), "1970-01-01 00:00:00");
        // 1589958682 is the callid of XS's NewCdr example, 2020-05-20 10:11:22 at UTC+8.
        assert_eq!(timestamp(1_589_958_682), "2020-05-20 07:11:22");
    }
}
