//! Rust types for a list of fields: the struct, its constructor and setters, its `Fields`
//! implementation (write, read, validate), and the enums and nested structs it uses.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use pbx_wire::read::BoolWire;
use pbx_wire::write::{JsonList, JsonScalar, Place};

use crate::codegen::docs;
use crate::model::{EnumTy, Field, ObjectTy, StringRules, Ty};
use crate::spec::field::Side;

/// The runtime crate path generated code calls.
pub fn wire() -> TokenStream {
    quote!(::pbx_wire)
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A struct with these fields, and every type it uses, appended to `out`.
pub fn structure(name: &str, doc: &str, fields: &[Field], side: Side, out: &mut Vec<TokenStream>) {
    let wire = wire();
    let name = ident(name);
    for f in fields {
        nested(&f.ty, side, out);
    }
    let decls = fields.iter().map(|f| {
        let doc = docs::field(f);
        let id = ident(&f.ident);
        let ty = field_type(f);
        quote!(#[doc = #doc] pub #id: #ty,)
    });
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let id = ident(&f.ident);
        let ty = arg_type(&f.ty);
        quote!(#id: #ty)
    });
    let inits = fields.iter().map(|f| {
        let id = ident(&f.ident);
        match (f.required, &f.ty) {
            (true, Ty::String(_)) => quote!(#id: #id.into(),),
            (true, _) => quote!(#id,),
            (false, Ty::List { .. }) => quote!(#id: ::std::vec::Vec::new(),),
            (false, _) => quote!(#id: ::core::option::Option::None,),
        }
    });
    let setters = fields.iter().filter(|f| !f.required).map(setter);
    let new_doc = if required.is_empty() {
        "Creates a value with no optional field set.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            "Creates a value from its required fields: {}.",
            names.join(", ")
        )
    };
    let mut write_order: Vec<&Field> = fields
        .iter()
        .filter(|f| f.place == Place::Attribute)
        .collect();
    write_order.extend(fields.iter().filter(|f| f.place == Place::Element));
    let writes = write_order.iter().map(|f| write_field(f));
    let reads = fields.iter().map(|f| {
        let id = ident(&f.ident);
        let expr = read_field(f);
        quote!(#id: #expr,)
    });
    let strict = (side == Side::Request).then(|| {
        let known = fields.iter().map(|f| &f.wire);
        quote!(#wire::read::only_known(node, &[#(#known),*])?;)
    });
    let read_all = (side == Side::Request).then(|| super::read_all::read_all(fields));
    let validate = (side == Side::Request).then(|| {
        let checks = fields.iter().map(validate_field);
        quote! {
            fn validate(&self) -> ::core::result::Result<(), #wire::InvalidRequest> {
                #(#checks)*
                ::core::result::Result::Ok(())
            }
        }
    });
    let read_json = (side == Side::Response)
        .then(|| read_json(fields))
        .flatten();
    let allow_many = (required.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let size_hint = size_hint(fields);
    let has_secret = fields.iter().any(|f| f.secret);
    let derive_debug = (!has_secret).then(|| quote!(Debug,));
    let manual_debug = has_secret.then(|| {
        let shown = fields.iter().map(|f| {
            let id = ident(&f.ident);
            let label = &f.ident;
            if f.secret {
                quote!(.field(#label, &"***"))
            } else {
                quote!(.field(#label, &self.#id))
            }
        });
        let label = name.to_string();
        quote! {
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#label) #(#shown)* .finish()
                }
            }
        }
    });
    out.push(quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
        }

        #manual_debug

        impl #name {
            #[doc = #new_doc]
            #allow_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
            #(#setters)*
        }

        impl #wire::Fields for #name {
            fn write<S: #wire::write::Sink>(&self, out: &mut S) {
                #(#writes)*
            }

            fn read(node: &#wire::Element<'_>) -> ::core::result::Result<Self, #wire::DecodeError> {
                #wire::read::expect_object(node)?;
                #strict
                ::core::result::Result::Ok(Self { #(#reads)* })
            }

            #read_json

            #validate

            #read_all

            fn size_hint(&self) -> usize {
                #size_hint
            }
        }
    });
}

fn nested(ty: &Ty, side: Side, out: &mut Vec<TokenStream>) {
    match ty {
        Ty::Enum(e) => enumeration(e, out),
        Ty::Object(ObjectTy { name, fields }) => {
            let doc = format!("The `{name}` object.");
            structure(name, &doc, fields, side, out);
        }
        Ty::List { item, .. } => nested(item, side, out),
        _ => {}
    }
}

pub(crate) fn scalar_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(::std::string::String),
        Ty::Integer { .. } => quote!(i64),
        Ty::Bool(_) => quote!(bool),
        Ty::Enum(e) => {
            let n = ident(&e.name);
            quote!(#n)
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(#n)
        }
        Ty::List { item, .. } => {
            let item = scalar_type(item);
            quote!(::std::vec::Vec<#item>)
        }
    }
}

pub(crate) fn field_type(f: &Field) -> TokenStream {
    let ty = scalar_type(&f.ty);
    if f.required || matches!(f.ty, Ty::List { .. }) {
        ty
    } else {
        quote!(::core::option::Option<#ty>)
    }
}

pub(crate) fn arg_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(impl ::core::convert::Into<::std::string::String>),
        other => scalar_type(other),
    }
}

fn setter(f: &Field) -> TokenStream {
    let id = ident(&f.ident);
    let doc = format!("Sets `{}`.", f.wire);
    match &f.ty {
        Ty::List { item, .. } => {
            let item_ty = scalar_type(item);
            quote! {
                #[doc = #doc]
                pub fn #id<I>(mut self, items: I) -> Self
                where
                    I: ::core::iter::IntoIterator,
                    I::Item: ::core::convert::Into<#item_ty>,
                {
                    self.#id = items.into_iter().map(::core::convert::Into::into).collect();
                    self
                }
            }
        }
        ty => {
            let arg = arg_type(ty);
            let value = match ty {
                Ty::String(_) => quote!(value.into()),
                _ => quote!(value),
            };
            quote! {
                #[doc = #doc]
                pub fn #id(mut self, value: #arg) -> Self {
                    self.#id = ::core::option::Option::Some(#value);
                    self
                }
            }
        }
    }
}

fn json_tokens(json: JsonScalar) -> TokenStream {
    let wire = wire();
    match json {
        JsonScalar::String => quote!(#wire::write::JsonScalar::String),
        JsonScalar::Raw => quote!(#wire::write::JsonScalar::Raw),
    }
}

fn place_tokens(place: Place) -> TokenStream {
    let wire = wire();
    match place {
        Place::Element => quote!(#wire::write::Place::Element),
        Place::Attribute => quote!(#wire::write::Place::Attribute),
    }
}

fn bool_tokens(b: BoolWire) -> TokenStream {
    let wire = wire();
    match b {
        BoolWire::YesNo => quote!(#wire::read::BoolWire::YesNo),
        BoolWire::OneZero => quote!(#wire::read::BoolWire::OneZero),
    }
}

/// A field name with its JSON and XML spellings, for `Sink::scalar_key`.
fn key(name: &str) -> TokenStream {
    let wire = wire();
    let json = format!("\"{name}\":");
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    quote!(&#wire::write::Key { name: #name, json: #json, open: #open, close: #close })
}

/// Writes one value held in `v` (a reference) under `name`.
fn write_value(ty: &Ty, name: &str, json: JsonScalar, place: Place) -> TokenStream {
    let wire = wire();
    let json = json_tokens(json);
    let place = place_tokens(place);
    let key = key(name);
    match ty {
        Ty::String(_) => quote!(out.scalar_key(#key, v, #json, #place);),
        Ty::Integer { .. } => quote!(out.integer_key(#key, *v, #json, #place);),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(out.scalar_key(#key, #b.text(*v), #json, #place);)
        }
        Ty::Enum(_) => quote!(out.scalar_key(#key, v.as_str(), #json, #place);),
        Ty::Object(_) => quote! {
            out.begin(#name);
            #wire::Fields::write(v, out);
            out.end();
        },
        Ty::List { .. } => quote!(),
    }
}

fn write_field(f: &Field) -> TokenStream {
    let wire = wire();
    let id = ident(&f.ident);
    let name = &f.wire;
    match &f.ty {
        Ty::List {
            item,
            wrapper,
            json,
            write_empty,
        } => {
            let item_name = wrapper.clone().unwrap_or_else(|| f.wire.clone());
            let each = write_value(item, &item_name, f.json, Place::Element);
            let wrapper = match wrapper {
                Some(w) => quote!(::core::option::Option::Some(#w)),
                None => quote!(::core::option::Option::None),
            };
            let json = match json {
                JsonList::Array => quote!(#wire::write::JsonList::Array),
                JsonList::Wrapped => quote!(#wire::write::JsonList::Wrapped),
            };
            let skip_empty = !f.required && !write_empty;
            let body = quote! {
                out.begin_list(#name, #wrapper, #json);
                for v in &self.#id {
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
        ty => {
            let each = write_value(ty, name, f.json, f.place);
            if f.required {
                quote!({ let v = &self.#id; #each })
            } else {
                quote!(if let ::core::option::Option::Some(v) = &self.#id { #each })
            }
        }
    }
}

/// Reads one scalar or object from element `e`.
fn read_item(ty: &Ty) -> TokenStream {
    let wire = wire();
    match ty {
        Ty::String(_) => quote!(#wire::read::text_of(e).map(|t| t.into_owned())),
        Ty::Integer { .. } => {
            quote!(#wire::read::text_of(e).and_then(|t| #wire::read::parse_integer(&t)))
        }
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(#wire::read::text_of(e).and_then(|t| #wire::read::parse_bool(&t, #b)))
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote!(#wire::read::text_of(e).and_then(|t| #n::from_wire(&t)))
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(<#n as #wire::Fields>::read(e))
        }
        Ty::List { .. } => quote!(unreachable!()),
    }
}

pub(crate) fn read_field(f: &Field) -> TokenStream {
    let wire = wire();
    let name = &f.wire;
    let place = place_tokens(f.place);
    let optional = match &f.ty {
        Ty::String(_) => quote!(#wire::read::string(node, #name, #place)?),
        Ty::Integer { .. } => quote!(#wire::read::integer(node, #name, #place)?),
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(#wire::read::boolean(node, #name, #place, #b)?)
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote! {
                #wire::read::scalar(node, #name, #place)?
                    .map(|t| #n::from_wire(&t).map_err(|e| e.within(#name)))
                    .transpose()?
            }
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(#wire::read::object(node, #name, <#n as #wire::Fields>::read)?)
        }
        Ty::List { item, wrapper, .. } => {
            let wrapper = match wrapper {
                Some(w) => quote!(::core::option::Option::Some(#w)),
                None => quote!(::core::option::Option::None),
            };
            let each = read_item(item);
            let list = quote!(#wire::read::list(node, #name, #wrapper, |e| #each)?);
            return if f.required {
                quote! {{
                    let items = #list;
                    if items.is_empty() {
                        return ::core::result::Result::Err(#wire::DecodeError::at(#name, #wire::DecodeErrorKind::Missing));
                    }
                    items
                }}
            } else {
                list
            };
        }
    };
    if f.required {
        quote!(#wire::read::required(#optional, #name)?)
    } else {
        optional
    }
}

/// `Fields::read_json` for a response type: each member read straight from the JSON body into
/// its field's slot. Types with a wrapped list keep the default (the tree path).
fn read_json(fields: &[Field]) -> Option<TokenStream> {
    let wire = wire();
    if fields.iter().any(|f| {
        matches!(
            &f.ty,
            Ty::List {
                wrapper: Some(_),
                ..
            }
        )
    }) {
        return None;
    }
    let slot = |i: usize| format_ident!("__field{}", i);
    let seen = |i: usize| format_ident!("__seen{}", i);
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let (slot, seen, id, name) = (slot(i), seen(i), ident(&f.ident), &f.wire);
        let ty = scalar_type(&f.ty);
        let read = match &f.ty {
            Ty::List { item, .. } => {
                let item = json_item(item);
                decls.push(quote!(let mut #slot: #ty = ::std::vec::Vec::new();));
                quote!(r.list(&mut #slot, |r| #item)?;)
            }
            scalar => {
                let value = json_value(scalar);
                decls.push(quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;));
                quote!(#slot = #value;)
            }
        };
        decls.push(quote!(let mut #seen = false;));
        arms.push(quote! {
            #name => {
                if #seen {
                    return ::core::option::Option::None;
                }
                #seen = true;
                #read
            }
        });
        inits.push(match (&f.ty, f.required) {
            (Ty::List { .. }, true) => quote! {
                #id: {
                    if #slot.is_empty() {
                        return ::core::option::Option::None;
                    }
                    #slot
                },
            },
            (Ty::List { .. }, false) | (_, false) => quote!(#id: #slot,),
            (_, true) => quote!(#id: #slot?,),
        });
    }
    Some(quote! {
        fn read_json<'a>(
            r: &mut #wire::json::Reader<'a>,
            extra: &mut #wire::json::Extra<'_, 'a>,
        ) -> ::core::option::Option<Self> {
            #(#decls)*
            r.object(|r, key| {
                match &*key {
                    #(#arms)*
                    other => {
                        if !extra(r, other)? {
                            r.skip()?;
                        }
                    }
                }
                ::core::option::Option::Some(())
            })?;
            ::core::option::Option::Some(Self { #(#inits)* })
        }
    })
}

/// Reads a field's value from the JSON reader `r`: `Option<T>` (`None` for `null`), or `?` out.
fn json_value(ty: &Ty) -> TokenStream {
    let wire = wire();
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
                    ::core::option::Option::Some(t) => ::core::option::Option::Some(#n::from_wire(&t).ok()?),
                    ::core::option::Option::None => ::core::option::Option::None,
                }
            }
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote!(r.nested(|r| <#n as #wire::Fields>::read_json(r, &mut #wire::json::no_extra))?)
        }
        Ty::List { .. } => quote!(unreachable!()),
    }
}

/// Reads one list item (never `null`) from the JSON reader `r`: `Option<T>`, `None` to give up.
fn json_item(ty: &Ty) -> TokenStream {
    let wire = wire();
    match ty {
        Ty::String(_) => quote!(r.item_text().map(|t| t.into_owned())),
        Ty::Integer { .. } => {
            quote!(#wire::read::parse_integer(&r.item_text()?).ok())
        }
        Ty::Bool(b) => {
            let b = bool_tokens(*b);
            quote!(#wire::read::parse_bool(&r.item_text()?, #b).ok())
        }
        Ty::Enum(en) => {
            let n = ident(&en.name);
            quote!(#n::from_wire(&r.item_text()?).ok())
        }
        Ty::Object(o) => {
            let n = ident(&o.name);
            quote! {
                r.nested(|r| <#n as #wire::Fields>::read_json(r, &mut #wire::json::no_extra)).flatten()
            }
        }
        Ty::List { .. } => quote!(unreachable!()),
    }
}

/// Checks one value held in `v` (a reference), reporting it as `param` (a `&str`).
fn validate_value(ty: &Ty, required: bool) -> TokenStream {
    let wire = wire();
    match ty {
        Ty::String(rules) => string_checks(rules, required),
        Ty::Integer { min, max } if min.is_some() || max.is_some() => {
            let min = option_i64(*min);
            let max = option_i64(*max);
            quote!(#wire::check::range(param, *v, #min, #max)?;)
        }
        Ty::Object(_) => quote!(#wire::Fields::validate(v).map_err(|e| e.within(param))?;),
        _ => quote!(),
    }
}

/// Every check of a string, in one call whose rules (and their ASCII bitmap) are a constant.
fn string_checks(rules: &StringRules, required: bool) -> TokenStream {
    let wire = wire();
    let chars = match &rules.chars {
        Some((spelling, ranges)) => {
            let ranges = ranges.iter().map(|(lo, hi)| {
                let lo = Literal::character(*lo);
                let hi = Literal::character(*hi);
                quote!((#lo, #hi))
            });
            quote! {
                ::core::option::Option::Some(#wire::check::CharSet {
                    spelling: #spelling,
                    ranges: &[#(#ranges),*],
                })
            }
        }
        None => quote!(::core::option::Option::None),
    };
    let min = option_usize(rules.min_length);
    let max = option_usize(rules.max_length);
    let name_value = rules.name_value;
    quote! {
        #wire::check::text(param, v, const {
            &#wire::check::TextRules::new(#required, #chars, #min, #max, #name_value)
        })?;
    }
}

fn option_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

fn option_usize(v: Option<usize>) -> TokenStream {
    match v {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

fn validate_field(f: &Field) -> TokenStream {
    let id = ident(&f.ident);
    validate_field_on(f, &quote!(self.#id))
}

/// The checks of one field, on the value `access` names (`self.extid`, or a local).
pub(crate) fn validate_field_on(f: &Field, access: &TokenStream) -> TokenStream {
    let name = &f.wire;
    match &f.ty {
        Ty::List { item, .. } => {
            let wire = wire();
            let check = validate_value(item, true);
            let non_empty = f.required.then(|| {
                quote! {
                    if #access.is_empty() {
                        return ::core::result::Result::Err(#wire::InvalidRequest::new(#name, "is required and needs at least one item"));
                    }
                }
            });
            let each = (!check.is_empty()).then(|| {
                quote! {
                    for (i, v) in #access.iter().enumerate() {
                        // The item's index is named only if it fails: no allocation otherwise.
                        let param = #name;
                        let check = || -> ::core::result::Result<(), #wire::InvalidRequest> {
                            #check
                            ::core::result::Result::Ok(())
                        };
                        check().map_err(|e| {
                            #wire::InvalidRequest::new(::std::format!("{}[{}]", #name, i), e.reason)
                        })?;
                    }
                }
            });
            quote!(#non_empty #each)
        }
        ty => {
            let mut check = validate_value(ty, f.required);
            if check.is_empty() {
                return quote!();
            }
            if f.secret {
                let wire = wire();
                check = quote! {
                    let check = || -> ::core::result::Result<(), #wire::InvalidRequest> {
                        #check
                        ::core::result::Result::Ok(())
                    };
                    check().map_err(|e| #wire::InvalidRequest::new(
                        e.param,
                        "breaks its spec's constraints (a secret: its value is not shown)",
                    ))?;
                };
            }
            if f.required {
                quote!({ let param = #name; let v = &#access; #check })
            } else {
                quote!(if let ::core::option::Option::Some(v) = &#access { let param = #name; #check })
            }
        }
    }
}

/// An enum for a field's fixed values.
fn enumeration(e: &EnumTy, out: &mut Vec<TokenStream>) {
    let wire = wire();
    let name = ident(&e.name);
    let variants: Vec<Ident> = e
        .values
        .iter()
        .map(|(_, v)| format_ident!("{}", v))
        .collect();
    let wires: Vec<&String> = e.values.iter().map(|(w, _)| w).collect();
    let docs = wires.iter().map(|w| format!("`{w}`"));
    let allowed: Vec<&str> = wires.iter().map(|w| w.as_str()).collect();
    let allowed = allowed.join(", ");
    let (other_variant, other_str, other_parse, attrs) = if e.open {
        (
            quote! {
                /// A value the spec does not list, kept as received.
                Other(#wire::Unlisted),
            },
            quote!(Self::Other(s) => s.as_str(),),
            quote!(other => ::core::result::Result::Ok(Self::Other(#wire::Unlisted::__after_listed(other))),),
            quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)] #[non_exhaustive]),
        )
    } else {
        (
            quote!(),
            quote!(),
            quote! {
                other => ::core::result::Result::Err(#wire::DecodeError::new(
                    #wire::DecodeErrorKind::Invalid(::std::format!(
                        "`{}` is not one of: {}", #wire::read::truncate(other), #allowed
                    )),
                )),
            },
            quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]),
        )
    };
    let doc = format!("The values of `{}`: {}.", e.name, allowed);
    out.push(quote! {
        #[doc = #doc]
        #attrs
        pub enum #name {
            #(#[doc = #docs] #variants,)*
            #other_variant
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    #other_str
                }
            }

            /// Parses the wire value.
            pub fn from_wire(text: &str) -> ::core::result::Result<Self, #wire::DecodeError> {
                match text {
                    #(#wires => ::core::result::Result::Ok(Self::#variants),)*
                    #other_parse
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    });
}

/// Bytes a struct's fields take on the wire, about: names twice (XML) plus punctuation, a
/// constant part for scalars, the actual length of strings, and the hints of nested values.
fn size_hint(fields: &[Field]) -> TokenStream {
    let wire = wire();
    let constant: usize = fields.iter().map(|f| 2 * f.wire.len() + 24).sum();
    let dynamic = fields.iter().filter_map(|f| {
        let id = ident(&f.ident);
        let each = |v: TokenStream, ty: &Ty| -> Option<TokenStream> {
            match ty {
                Ty::String(_) => Some(quote!(#v.len())),
                Ty::Object(_) => Some(quote!(#wire::Fields::size_hint(#v))),
                _ => None,
            }
        };
        match &f.ty {
            Ty::List { item, wrapper, .. } => {
                let name = wrapper.as_deref().unwrap_or(&f.wire);
                let per_item = 2 * name.len() + 24;
                let inner = each(quote!(v), item).unwrap_or_else(|| quote!(0));
                Some(quote!(self.#id.iter().map(|v| #per_item + #inner).sum::<usize>()))
            }
            ty if f.required => each(quote!((&self.#id)), ty),
            ty => {
                let inner = each(quote!(v), ty)?;
                Some(quote!(self.#id.as_ref().map_or(0, |v| #inner)))
            }
        }
    });
    quote!(#constant #(+ #dynamic)*)
}
