//! Writing a request string that can need no escaping: when a field's spec allows only ASCII
//! characters that neither JSON nor XML escapes (`chars = "0-9.,"`), the constraint check that
//! runs before every encode already proves the value can be copied as it is, so the generated
//! writer calls `Sink::plain_key` and the value is scanned once, not twice.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::types::{ident, wire};
use crate::codegen::write::{place_tokens, write_field};
use crate::model::{Field, StringRules, Ty};
use pbx_wire::write::JsonScalar;

/// Whether every character `rules` allows is printable ASCII that no writer escapes: not `"`,
/// `\`, `<`, `>`, `&` or `'`, and no control character.
pub(crate) fn needs_no_escaping(rules: &StringRules) -> bool {
    let Some((_, ranges)) = &rules.chars else {
        return false;
    };
    !ranges.is_empty()
        && ranges.iter().all(|&(lo, hi)| {
            lo <= hi
                && (lo..=hi).all(|c| {
                    (' '..='~').contains(&c) && !matches!(c, '"' | '\\' | '<' | '>' | '&' | '\'')
                })
        })
}

/// A request field's writer: `plain_key` for a scalar string that needs no escaping (its
/// check runs before the write), the usual writer otherwise.
pub(crate) fn write_request_field(f: &Field) -> TokenStream {
    let Ty::String(rules) = &f.ty else {
        return write_field(f);
    };
    if !needs_no_escaping(rules) {
        return write_field(f);
    }
    let wire = wire();
    let id = ident(&f.ident);
    let name = &f.wire;
    let json = match f.json {
        JsonScalar::String => quote!(#wire::write::JsonScalar::String),
        JsonScalar::Raw => quote!(#wire::write::JsonScalar::Raw),
    };
    let place = place_tokens(f.place);
    let (open, close, member) = (
        format!("<{name}>"),
        format!("</{name}>"),
        format!("\"{name}\":"),
    );
    let key = quote!(&#wire::write::Key { name: #name, json: #member, open: #open, close: #close });
    let each = quote!(out.plain_key(#key, v, #json, #place););
    if f.required {
        quote!({ let v = &self.#id; #each })
    } else {
        quote!(if let ::core::option::Option::Some(v) = &self.#id { #each })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(ranges: &[(char, char)]) -> StringRules {
        StringRules {
            chars: Some((String::new(), ranges.to_vec())),
            min_length: None,
            max_length: None,
            name_value: false,
        }
    }

    #[test]
    fn only_sets_without_escaped_characters_qualify() {
        assert!(needs_no_escaping(&rules(&[
            ('0', '9'),
            ('.', '.'),
            (',', ',')
        ])));
        assert!(needs_no_escaping(&rules(&[
            ('a', 'z'),
            ('*', '*'),
            ('#', '#')
        ])));
        // A space-to-tilde range holds `"`, `<` and `&`.
        assert!(!needs_no_escaping(&rules(&[(' ', '~')])));
        assert!(!needs_no_escaping(&rules(&[('0', '9'), ('&', '&')])));
        assert!(!needs_no_escaping(&rules(&[('0', '9'), ('\t', '\t')])));
        assert!(!needs_no_escaping(&rules(&[('a', 'é')])));
        assert!(!needs_no_escaping(&StringRules {
            chars: None,
            min_length: None,
            max_length: None,
            name_value: false,
        }));
    }
}
