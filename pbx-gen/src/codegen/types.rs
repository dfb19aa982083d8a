//! Rust types for a list of fields: the struct, its constructor and setters, its `Fields`
//! implementation (assembled from `write.rs`, `read.rs` and `validate.rs`), and the enums and
//! nested structs it uses.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use pbx_wire::Format;
use pbx_wire::write::Place;

use crate::codegen::docs;
use crate::codegen::read::{read_field, read_json};
use crate::codegen::validate::check_call;
use crate::codegen::write::write_field;
use crate::model::{EnumTy, Field, ObjectTy, Ty};
use crate::spec::field::Side;

/// The first item at the invocation site: `__w`, the alias of `::pbx_wire::__private`
/// through which generated code names its runtime (`__w::read::string`). Code there names
/// std items through it too (`__w::Some`), since the user's own names are in scope.
pub(crate) fn prelude() -> TokenStream {
    quote!(
        #[allow(unused_imports)]
        use ::pbx_wire::__private as __w;
    )
}

/// The first items of every generated module: the `__w` alias, and the std names of
/// [`names::IMPORTED`](crate::names::IMPORTED), which the code in the module writes bare
/// (`Some`, `String`), through one glob import of `__private::bare`. One glob: rustc resolves
/// ten named imports per module at a cost above the path segments they save (counted with
/// `scripts/expansion-instructions.py --check`). A local type would shadow a glob silently,
/// so the spec checks refuse types of those names (`spec/type_names.rs`).
pub(crate) fn module_prelude() -> TokenStream {
    quote!(
        #[allow(unused_imports)]
        use ::pbx_wire::__private as __w;
        #[allow(unused_imports)]
        use ::pbx_wire::__private::bare::*;
    )
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Which direct readers (`Fields::read_json`, `Fields::read_xml`) a type gets: one for each
/// format its body can arrive in on a direct decode path. Only responses are decoded that way;
/// requests and events are read from the document tree, and a JSON-only family never reads
/// XML, so generating the others would be code no caller reaches.
#[derive(Clone, Copy)]
pub struct Direct {
    /// Generate `read_json`.
    pub json: bool,
    /// Generate `read_xml`.
    pub xml: bool,
}

impl Direct {
    /// No direct reader: the type is read from the document tree only.
    pub const NONE: Direct = Direct {
        json: false,
        xml: false,
    };

    /// The readers of a response body that comes in `formats`.
    pub fn of(formats: &[Format]) -> Direct {
        Direct {
            json: formats.contains(&Format::Json),
            xml: formats.contains(&Format::Xml),
        }
    }
}

/// A struct with these fields, and every type it uses, appended to `out`.
pub fn structure(
    name: &str,
    doc: &str,
    fields: &[Field],
    side: Side,
    direct: Direct,
    out: &mut Vec<TokenStream>,
) {
    let name = ident(name);
    for f in fields {
        nested(&f.ty, side, direct, out);
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
            (false, Ty::List { .. }) => quote!(#id: Vec::new(),),
            (false, _) => quote!(#id: None,),
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
        quote!(__w::read::only_known(node, &[#(#known),*])?;)
    });
    let (read_all, read_checked) = match side {
        Side::Request => {
            let (method, helper) = super::read_all::read_all(fields);
            (Some(method), Some(helper))
        }
        Side::Response => (None, None),
    };
    let rules = (side == Side::Request).then(|| {
        let consts = super::validate::rules_consts(fields);
        let checks = super::validate::check_fns(fields);
        quote!(#consts #checks)
    });
    let validate = (side == Side::Request).then(|| {
        let checks = fields.iter().map(|f| {
            let id = ident(&f.ident);
            check_call(f, &quote!(self.#id))
        });
        quote! {
            #[inline]
            fn validate(&self) -> Result<(), __w::InvalidRequest> {
                #(#checks)*
                Ok(())
            }
        }
    });
    let read_json = direct.json.then(|| read_json(fields)).flatten();
    let read_xml = direct
        .xml
        .then(|| super::read_xml::read_xml(fields))
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
            #rules
            #read_checked
        }

        impl __w::Fields for #name {
            #[inline]
            fn write<S: __w::write::Sink>(&self, out: &mut S) {
                #(#writes)*
            }

            #[inline]
            fn read(node: &__w::Element<'_>) -> Result<Self, __w::DecodeError> {
                __w::read::expect_object(node)?;
                #strict
                Ok(Self { #(#reads)* })
            }

            #read_json

            #read_xml

            #validate

            #read_all

            #[inline]
            fn size_hint(&self) -> usize {
                #size_hint
            }
        }
    });
}

fn nested(ty: &Ty, side: Side, direct: Direct, out: &mut Vec<TokenStream>) {
    match ty {
        Ty::Enum(e) => enumeration(e, out),
        Ty::Object(ObjectTy { name, fields }) => {
            let doc = format!("The `{name}` object.");
            structure(name, &doc, fields, side, direct, out);
        }
        Ty::List { item, .. } => nested(item, side, direct, out),
        _ => {}
    }
}

pub(crate) fn scalar_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(String),
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
            quote!(Vec<#item>)
        }
    }
}

pub(crate) fn field_type(f: &Field) -> TokenStream {
    let ty = scalar_type(&f.ty);
    if f.required || matches!(f.ty, Ty::List { .. }) {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

pub(crate) fn arg_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String(_) => quote!(impl Into<String>),
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
                    I::Item: Into<#item_ty>,
                {
                    self.#id = items.into_iter().map(Into::into).collect();
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
                    self.#id = Some(#value);
                    self
                }
            }
        }
    }
}

/// An enum for a field's fixed values.
fn enumeration(e: &EnumTy, out: &mut Vec<TokenStream>) {
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
                Other(__w::Unlisted),
            },
            quote!(Self::Other(s) => s.as_str(),),
            quote!(other => Ok(Self::Other(__w::Unlisted::__after_listed(other))),),
            quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)] #[non_exhaustive]),
        )
    } else {
        (
            quote!(),
            quote!(),
            quote! {
                other => Err(__w::DecodeError::new(
                    __w::DecodeErrorKind::Invalid(::std::format!(
                        "`{}` is not one of: {}", __w::read::truncate(other), #allowed
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
            pub fn from_wire(text: &str) -> Result<Self, __w::DecodeError> {
                match text {
                    #(#wires => Ok(Self::#variants),)*
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
    let constant: usize = fields.iter().map(|f| 2 * f.wire.len() + 24).sum();
    // One call per field that has a size of its own (`pbx_wire::write::size`): a match or a
    // loop written out here would be one more body for rustc to check, in every type.
    let dynamic = fields.iter().filter_map(|f| {
        let id = ident(&f.ident);
        match (&f.ty, f.required) {
            (Ty::List { item, wrapper, .. }, _) => {
                let name = wrapper.as_deref().unwrap_or(&f.wire);
                let per_item = 2 * name.len() + 24;
                Some(match **item {
                    Ty::String(_) => quote!(__w::write::size::texts(&self.#id, #per_item)),
                    Ty::Object(_) => quote!(__w::write::size::objects(&self.#id, #per_item)),
                    _ => quote!(#per_item * self.#id.len()),
                })
            }
            (Ty::String(_), true) => Some(quote!(self.#id.len())),
            (Ty::String(_), false) => Some(quote!(__w::write::size::optional_text(&self.#id))),
            (Ty::Object(_), true) => Some(quote!(__w::Fields::size_hint(&self.#id))),
            (Ty::Object(_), false) => Some(quote!(__w::write::size::optional_fields(&self.#id))),
            _ => None,
        }
    });
    quote!(#constant #(+ #dynamic)*)
}
