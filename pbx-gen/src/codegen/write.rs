//! Writing a field: the `Sink` calls for each value, with its JSON and XML spellings.

use proc_macro2::TokenStream;
use quote::quote;

use pbx_wire::read::BoolWire;
use pbx_wire::write::{JsonList, JsonScalar, Place};

use crate::codegen::types::ident;
use crate::model::{Field, Ty};

fn json_tokens(json: JsonScalar) -> TokenStream {
    match json {
        JsonScalar::String => quote!(__w::JsonScalar::String),
        JsonScalar::Raw => quote!(__w::JsonScalar::Raw),
    }
}

pub(crate) fn place_tokens(place: Place) -> TokenStream {
    match place {
        Place::Element => quote!(__w::Place::Element),
        Place::Attribute => quote!(__w::Place::Attribute),
    }
}

pub(crate) fn bool_tokens(b: BoolWire) -> TokenStream {
    match b {
        BoolWire::YesNo => quote!(__w::read::BoolWire::YesNo),
        BoolWire::OneZero => quote!(__w::read::BoolWire::OneZero),
    }
}

/// A field name with its JSON and XML spellings, for `Sink::scalar_key`: one literal, cut
/// into the three at compile time (an inline constant, so the key is a `'static` and no write
/// builds it).
fn key(name: &str) -> TokenStream {
    let spelling = format!("\"{name}\":<{name}></{name}>");
    quote!(&const { __w::Key::spelled(#spelling) })
}

/// Whether a text is written the commonest way, a JSON string in an XML element: the one
/// `Sink::text_key` writes without the two constant arguments.
fn is_plain_text(json: JsonScalar, place: Place) -> bool {
    json == JsonScalar::String && place == Place::Element
}

/// Writes one value under `name`: `v` is a reference to it (`v`, or `&self.extid`).
fn write_value(
    ty: &Ty,
    name: &str,
    json: JsonScalar,
    place: Place,
    v: &TokenStream,
) -> TokenStream {
    let plain = is_plain_text(json, place);
    let json = json_tokens(json);
    let place = place_tokens(place);
    let key = key(name);
    match ty {
        Ty::String(_) if plain => quote!(out.text_key(#key, #v);),
        Ty::String(_) => quote!(out.scalar_key(#key, #v, #json, #place);),
        Ty::Integer { .. } => quote!(out.integer_key(#key, *#v, #json, #place);),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(out.scalar_key(#key, #b.text(*#v), #json, #place);)
        }
        Ty::Enum(_) => quote!(out.scalar_key(#key, (#v).as_str(), #json, #place);),
        Ty::Object(_) => quote! {
            out.begin(#name);
            __w::Fields::write(#v, out);
            out.end();
        },
        Ty::List { .. } => quote!(),
    }
}

pub(crate) fn write_field(f: &Field) -> TokenStream {
    let id = ident(&f.ident);
    let name = &f.wire;
    match &f.ty {
        Ty::List {
            item,
            join: Some(sep),
            write_empty,
            ..
        } => write_joined(f, item, sep, *write_empty),
        Ty::List {
            item,
            wrapper,
            json,
            write_empty,
            item_id,
            join: None,
        } => {
            let item_name = wrapper.clone().unwrap_or_else(|| f.wire.clone());
            let each = if *item_id {
                quote! {
                    out.begin(#item_name);
                    out.item_index("id", i);
                    __w::Fields::write(v, out);
                    out.end();
                }
            } else {
                write_value(item, &item_name, f.json, Place::Element, &quote!(v))
            };
            let items = if *item_id {
                quote!((i, v) in self.#id.iter().enumerate())
            } else {
                quote!(v in &self.#id)
            };
            let wrapper = crate::codegen::option(wrapper.as_ref());
            let json = match json {
                JsonList::Array => quote!(__w::write::JsonList::Array),
                JsonList::Wrapped => quote!(__w::write::JsonList::Wrapped),
            };
            let skip_empty = !f.required && !write_empty;
            let body = quote! {
                out.begin_list(#name, #wrapper, #json);
                for #items {
                    #each
                }
                out.end_list();
            };
            if skip_empty {
                quote!(if !self.#id.is_empty() { #body })
            } else {
                body
            }
        }
        ty if f.required => write_value(ty, name, f.json, f.place, &quote!(&self.#id)),
        // The commonest field of all, an optional text, is one call.
        Ty::String(_) if is_plain_text(f.json, f.place) => {
            let key = key(name);
            quote!(out.optional_text_key(#key, &self.#id);)
        }
        Ty::String(_) => {
            let key = key(name);
            let json = json_tokens(f.json);
            let place = place_tokens(f.place);
            quote!(out.optional_key(#key, &self.#id, #json, #place);)
        }
        ty => {
            let each = write_value(ty, name, f.json, f.place, &quote!(v));
            quote!(if let Some(v) = &self.#id { #each })
        }
    }
}

/// A joined list (`join = ","`): its items' texts joined by the separator, written as one
/// string value (`"outboundid":"1,2"`, `<outboundid>1,2</outboundid>`).
fn write_joined(f: &Field, item: &Ty, sep: &str, write_empty: bool) -> TokenStream {
    let id = ident(&f.ident);
    let key = key(&f.wire);
    let place = place_tokens(f.place);
    let body = match item {
        // An integer's text is made anyway: the items are joined into one string.
        Ty::Integer { .. } => quote! {
            let mut joined = String::new();
            for (i, v) in self.#id.iter().enumerate() {
                if i > 0 {
                    joined.push_str(#sep);
                }
                joined.push_str(&v.to_string());
            }
            out.scalar_key(#key, &joined, __w::JsonScalar::String, #place);
        },
        // The writer joins the items' texts in place: the encoder allocates only its buffer.
        _ => {
            let text = match item {
                Ty::Bool(b) => {
                    let b = bool_tokens(*b);
                    quote!(#b.text(*v))
                }
                _ => quote!(v.as_str()),
            };
            quote!(out.joined_key(#key, self.#id.iter().map(|v| #text), #sep, #place);)
        }
    };
    if !f.required && !write_empty {
        quote!(if !self.#id.is_empty() { #body })
    } else {
        quote!({ #body })
    }
}
