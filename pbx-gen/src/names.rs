//! Turning wire names into Rust names, and telling which names Rust will not take.

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The std names every generated module imports (`use ::pbx_wire::__private::bare::*`), so
/// that its code writes `Some(..)` rather than `__w::Some(..)`: three tokens fewer each, 7% of
/// an expansion's tokens. A generated type may not take one of them, or it would shadow it.
pub const IMPORTED: &[&str] = pbx_wire::__private::BARE_NAMES;

/// Whether `name` is a Rust keyword (strict or reserved).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Names a client, or an endpoint builder, already answers to: its own methods (`send`,
/// `login`, `close`, `raw`..), the sender traits' and the std prelude traits' methods on it.
/// A generated method of one of these names would be shadowed or ambiguous, so it gets a
/// trailing `_` ([`method_name`]); a spec name that already is such a renamed form is refused.
pub const TAKEN_METHODS: &[&str] = &[
    "send",
    "send_any",
    "send_endpoint",
    "send_endpoint_blocking",
    "login",
    "close",
    "retry_credentials",
    "raw",
    "request",
    "into_parts",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "into",
    "try_into",
];

/// The name of the generated method for a spec name: the name itself, or with a trailing `_`
/// when the client or builder already has a method of that name (`login` → `login_`).
pub fn method_name(name: &str) -> String {
    if TAKEN_METHODS.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// Whether `name` is what [`method_name`] makes of a taken name (`login_`), and so would
/// collide with it.
pub fn is_renamed_method(name: &str) -> bool {
    name.strip_suffix('_')
        .is_some_and(|stem| TAKEN_METHODS.contains(&stem))
}

/// Whether `name` is a lowercase snake_case identifier that is not a keyword.
pub fn is_snake_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && name != "_"
        && !is_keyword(name)
}

/// Whether `name` can name a field of a generated struct: snake_case, not `new` (the
/// constructor shares the namespace of the setters), and not a renamed builder setter
/// ([`is_renamed_method`]).
pub fn is_field_ident(name: &str) -> bool {
    is_snake_ident(name) && name != "new" && !is_renamed_method(name)
}

/// Whether `name` can be an XML element or attribute name (and so a JSON key): a letter or
/// `_` first, then letters, digits, `_`, `-` or `.`; no namespace prefix.
pub fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.to_ascii_lowercase().starts_with("xml")
}

/// Whether `name` is an UpperCamelCase identifier.
pub fn is_camel_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('A'..='Z'))
        && chars.all(|c| c.is_ascii_alphanumeric())
        && !is_keyword(name)
}

/// `dial_outbound` → `dial_outbound`; `callerId` → `caller_id`; `caller-id` → `caller_id`.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out
}

/// `ivr_variable` → `IvrVariable`; `yes` → `Yes`; `480` → `V480`.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(snake("callerId"), "caller_id");
        assert_eq!(snake("dial-first"), "dial_first");
        assert_eq!(camel("ivr_variable"), "IvrVariable");
        assert_eq!(camel("three way"), "ThreeWay");
        assert_eq!(camel("480"), "V480");
        assert!(is_snake_ident("extid") && !is_snake_ident("type") && !is_snake_ident("Ext"));
        assert!(is_camel_ident("ParameterBlank") && !is_camel_ident("parameter_blank"));
        assert_eq!(method_name("login"), "login_");
        assert_eq!(method_name("dial_outbound"), "dial_outbound");
        assert!(
            is_renamed_method("send_")
                && !is_renamed_method("hangup_")
                && !is_renamed_method("send")
        );
    }
}
