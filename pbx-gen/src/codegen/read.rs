//! Reading a field: from the document tree, and straight from a JSON body where it can.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::types::{ident, scalar_type};
use crate::codegen::write::{bool_tokens, place_tokens};
use crate::model::{Field, Ty};
use pbx_wire::write::JsonList;

/// Reads one list item from element `e`: a function (or non-capturing closure) for
/// `read::list_of`, shared by every list of that item type where the runtime has one.
fn read_item(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(__w::read::text_item),
        Ty::Integer { .. } => quote!(__w::read::integer_item),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(|e| __w::read::text_of(e).and_then(|t| __w::read::parse_bool(&t, #b)))
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote!(|e| __w::read::text_of(e).and_then(|t| #n::from_wire(&t)))
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(<#n as __w::Fields>::read)
        }
        Ty::List { .. } => quote!(unreachable!()),
    }
}

/// Reads field `f` from `node`: one runtime call and one `?` for every scalar.
pub(crate) fn read_field(f: &Field) -> TokenStream {
    let name = &f.wire;
    let place = place_tokens(f.place);
    match (&f.ty, f.required) {
        (Ty::String(_), true) => quote!(__w::read::required_string(node, #name, #place)?),
        (Ty::String(_), false) => quote!(__w::read::string(node, #name, #place)?),
        (Ty::Integer { .. }, true) => quote!(__w::read::required_integer(node, #name, #place)?),
        (Ty::Integer { .. }, false) => quote!(__w::read::integer(node, #name, #place)?),
        (Ty::Bool(b), true) => {
            let b = bool_tokens(*b);
            quote!(__w::read::required_boolean(node, #name, #place, #b)?)
        }
        (Ty::Bool(b), false) => {
            let b = bool_tokens(*b);
            quote!(__w::read::boolean(node, #name, #place, #b)?)
        }
        (Ty::Enum(en), true) => {
            let n = ident(&en.name);
            quote!(__w::read::required_parsed(node, #name, #place, #n::from_wire)?)
        }
        (Ty::Enum(en), false) => {
            let n = ident(&en.name);
            quote!(__w::read::parsed(node, #name, #place, #n::from_wire)?)
        }
        (Ty::Object(o), required) => {
            let n = ident(&o.name);
            let optional = quote!(__w::read::object(node, #name, <#n as __w::Fields>::read)?);
            if required {
                quote!(__w::read::required(#optional, #name)?)
            } else {
                optional
            }
        }
        (
            Ty::List {
                item,
                wrapper,
                json,
                join,
                ..
            },
            required,
        ) => {
            let wrapper = crate::codegen::option(wrapper.as_ref());
            let json = json_list_tokens(*json);
            let each = read_item(item);
            let list = match join {
                Some(sep) => joined_list(item, name, sep),
                None => quote!(__w::read::list_of(node, #name, #wrapper, #json, #each)?),
            };
            if required {
                quote!(__w::read::non_empty(#list, #name)?)
            } else {
                list
            }
        }
    }
}

fn json_list_tokens(json: JsonList) -> TokenStream {
    match json {
        JsonList::Array => quote!(__w::write::JsonList::Array),
        JsonList::Wrapped => quote!(__w::write::JsonList::Wrapped),
    }
}

/// `Fields::read_json` for a response type: each member read straight from the JSON body into
/// its field's slot. A wrapped list is read in the JSON form its spec declares: a wrapper
/// object (`json_list = "wrapped"`) or an array; the reader gives up on any other shape (a
/// lone item where an array is declared, say), which the tree reads.
pub(crate) fn read_json(fields: &[Field]) -> Option<TokenStream> {
    // The tree reads a wrapped list's items found bare beside it (`"item":{..}` with no
    // `members`), so the direct path gives up on a member named like an item; where a field has
    // that name too, the tree path alone decides.
    let mut bare_items: Vec<&str> = fields
        .iter()
        .filter_map(|f| match &f.ty {
            Ty::List {
                wrapper: Some(w), ..
            } => Some(w.as_str()),
            _ => None,
        })
        .collect();
    if bare_items
        .iter()
        .any(|w| fields.iter().any(|f| f.wire == *w))
    {
        return None;
    }
    bare_items.sort_unstable();
    bare_items.dedup();
    if fields.is_empty() {
        return Some(json_method(quote! {
            __w::json::no_members(r, extra)?;
            Some(Self {})
        }));
    }
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let (slot, id, name) = (format_ident!("__f{}", i), ident(&f.ident), &f.wire);
        let ty = scalar_type(&f.ty);
        let read = match &f.ty {
            Ty::List {
                item,
                join: Some(sep),
                ..
            } => {
                decls.push(quote!(let mut #slot: __w::read::Slot<#ty> = __w::read::Slot::new();));
                joined_json(item, &slot, sep)
            }
            Ty::List {
                item,
                wrapper,
                json,
                ..
            } => {
                let item = json_item(item);
                decls.push(quote!(let mut #slot: __w::read::Slot<#ty> = __w::read::Slot::new();));
                match (wrapper, json) {
                    (Some(w), JsonList::Wrapped) => {
                        quote!(r.wrapped_list(#slot.first()?, #w, |r| #item)?)
                    }
                    (Some(_), JsonList::Array) => quote!(r.array_list(#slot.first()?, |r| #item)?),
                    (None, _) => quote!(r.list(#slot.first()?, |r| #item)?),
                }
            }
            scalar => {
                // The slot's type is the field's: inferred from the value put and the one taken.
                let value = json_value(scalar);
                decls.push(quote!(let mut #slot = __w::read::Slot::new();));
                quote!(#slot.put(#value)?)
            }
        };
        arms.push(quote!(#name => #read,));
        inits.push(match (&f.ty, f.required) {
            (Ty::List { .. }, true) => quote!(#id: #slot.filled()?,),
            (Ty::List { .. }, false) => quote!(#id: #slot.or_default(),),
            (_, false) => quote!(#id: #slot.value(),),
            (_, true) => quote!(#id: #slot.value()?,),
        });
    }
    Some(json_method(quote! {
        #(#decls)*
        let mut members = r.open_object()?;
        while let Some(key) = r.next_member(&mut members)? {
            match &*key {
                #(#arms)*
                #(#bare_items => return None,)*
                other => {
                    if !extra(r, other)? {
                        r.skip()?;
                    }
                }
            }
        }
        Some(Self { #(#inits)* })
    }))
}

/// `Fields::read_json` around `body`, which reads from `r` and offers unclaimed members to
/// `extra`.
fn json_method(body: TokenStream) -> TokenStream {
    quote! {
        #[inline]
        fn read_json<'a>(
            r: &mut __w::json::Reader<'a>,
            extra: &mut __w::json::Extra<'_, 'a>,
        ) -> Option<Self> {
            #body
        }
    }
}

/// Reads a field's value from the JSON reader `r`: `Option<T>` (`None` for `null`), or `?` out.
fn json_value(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(r.string()?),
        Ty::Integer { .. } => quote!(r.integer()?),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(r.boolean(#b)?)
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote! {
                match r.text()? {
                    Some(t) => Some(#n::from_wire(&t).ok()?),
                    None => None,
                }
            }
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(r.nested(|r| <#n as __w::Fields>::read_json(r, &mut __w::json::no_extra))?)
        }
        Ty::List { .. } => quote!(unreachable!()),
    }
}

/// Reads one list item (never `null`) from the JSON reader `r`: `Option<T>`, `None` to give up.
fn json_item(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(r.item_text().map(|t| t.into_owned())),
        Ty::Integer { .. } => {
            quote!(__w::read::parse_integer(&r.item_text()?).ok())
        }
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(__w::read::parse_bool(&r.item_text()?, #b).ok())
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote!(#n::from_wire(&r.item_text()?).ok())
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote! {
                r.nested(|r| <#n as __w::Fields>::read_json(r, &mut __w::json::no_extra)).flatten()
            }
        }
        Ty::List { .. } => quote!(unreachable!()),
    }
}

/// `Option<pbx_wire::Mistake>` of an example, for `EndpointMeta::examples`.
pub(crate) fn mistake_tokens(m: Option<&crate::model::Mistake>) -> TokenStream {
    let Some(m) = m else {
        return quote!(None);
    };
    let note = &m.note;
    let decodes = match m.decodes {
        pbx_wire::Decodes::Error => quote!(__w::Decodes::Error),
        pbx_wire::Decodes::Lenient => quote!(__w::Decodes::Lenient),
    };
    let corrected = match &m.corrected {
        Some(c) => {
            let c = c.trim();
            quote!(Some(#c))
        }
        None => quote!(None),
    };
    quote!(Some(__w::Mistake { note: #note, decodes: #decodes, corrected: #corrected }))
}

/// Parses one item's text of a joined list: `Result<T, DecodeError>` of `t` (a `&str`).
pub(crate) fn joined_item(item: &Ty) -> TokenStream {
    match item {
        Ty::Integer { .. } => quote!(__w::read::parse_integer(t)),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(__w::read::parse_bool(t, #b))
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote!(#n::from_wire(t))
        }
        _ => quote!(Ok(t.to_owned())),
    }
}

/// Reads a joined list (`join = ","`) from the tree: one value split on the separator.
fn joined_list(item: &Ty, name: &str, sep: &str) -> TokenStream {
    let each = joined_item(item);
    quote!(__w::join::list(node, #name, #sep, |t| #each)?)
}

/// Reads a joined list straight from JSON into the `Slot` named `slot`: its text (or texts)
/// split, giving up on an item that does not parse or on a second member.
fn joined_json(item: &Ty, slot: &proc_macro2::Ident, sep: &str) -> TokenStream {
    let each = joined_item(item);
    quote! {{
        let mut texts: Vec<String> = Vec::new();
        r.list(&mut texts, |r| r.item_text().map(|t| t.into_owned()))?;
        #slot.set(__w::join::split_texts(&texts, #sep, |t| #each)?)?
    }}
}
